package io.dsync.lock.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** In-memory binary writer and reader shared by the codecs (no I/O beyond byte arrays). */
final class Bytes {
  private Bytes() {}

  /** Writes into a growing byte array. */
  static final class Writer {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(buf);

    Writer writeByte(int v) {
      try {
        out.writeByte(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Writer writeBoolean(boolean v) {
      return writeByte(v ? 1 : 0);
    }

    Writer writeInt(int v) {
      try {
        out.writeInt(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Writer writeLong(long v) {
      try {
        out.writeLong(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** A string as a 4-byte length and UTF-8; null as length -1. */
    Writer writeString(String s) {
      if (s == null) {
        return writeInt(-1);
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      writeInt(b.length);
      try {
        out.write(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Writer writeBytes(byte[] b) {
      writeInt(b.length);
      try {
        out.write(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    byte[] toByteArray() {
      return buf.toByteArray();
    }
  }

  /** Reads what a {@link Writer} wrote; every failure is an {@link IllegalArgumentException}. */
  static final class Reader {
    private final String what;
    private final DataInputStream in;
    private int remaining;

    Reader(byte[] bytes, String what) {
      if (bytes == null) {
        throw new IllegalArgumentException(what + ": null bytes");
      }
      this.what = what;
      this.in = new DataInputStream(new ByteArrayInputStream(bytes));
      this.remaining = bytes.length;
    }

    private void need(int n) {
      if (n < 0 || n > remaining) {
        throw new IllegalArgumentException(what + ": truncated or corrupt (needs " + n + " more bytes, has "
            + remaining + ")");
      }
      remaining -= n;
    }

    int readByte() {
      need(1);
      try {
        return in.readByte();
      } catch (IOException e) {
        throw corrupt(e);
      }
    }

    boolean readBoolean() {
      int b = readByte();
      if (b != 0 && b != 1) {
        throw new IllegalArgumentException(what + ": bad boolean " + b);
      }
      return b == 1;
    }

    int readInt() {
      need(4);
      try {
        return in.readInt();
      } catch (IOException e) {
        throw corrupt(e);
      }
    }

    /** An int that counts following items, each at least {@code minItemBytes} long. */
    int readCount(int minItemBytes) {
      int n = readInt();
      if (n < 0 || (long) n * minItemBytes > remaining) {
        throw new IllegalArgumentException(what + ": bad count " + n);
      }
      return n;
    }

    long readLong() {
      need(8);
      try {
        return in.readLong();
      } catch (IOException e) {
        throw corrupt(e);
      }
    }

    /** A string written by {@link Writer#writeString}, possibly null. */
    String readString() {
      int n = readInt();
      if (n == -1) {
        return null;
      }
      need(n);
      byte[] b = new byte[n];
      try {
        in.readFully(b);
      } catch (IOException e) {
        throw corrupt(e);
      }
      return new String(b, StandardCharsets.UTF_8);
    }

    byte[] readBytes() {
      int n = readInt();
      need(n);
      byte[] b = new byte[n];
      try {
        in.readFully(b);
      } catch (IOException e) {
        throw corrupt(e);
      }
      return b;
    }

    void end() {
      if (remaining != 0) {
        throw new IllegalArgumentException(what + ": " + remaining + " trailing bytes");
      }
    }

    private IllegalArgumentException corrupt(IOException e) {
      return new IllegalArgumentException(what + ": " + (e instanceof EOFException ? "truncated" : e.getMessage()), e);
    }
  }
}
