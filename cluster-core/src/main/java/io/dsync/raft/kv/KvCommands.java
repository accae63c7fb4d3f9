package io.dsync.raft.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Encoding of {@link KvStateMachine} commands, queries and results. Thread-safe.
 *
 * <pre>
 * put:    [1][key UTF][value len:4][value]       -> previous value
 * delete: [2][key UTF]                           -> previous value
 * cas:    [3][key UTF][expected opt][new value]  -> [1|0] swapped, then the value before
 * get:    [4][key UTF] (a query)                 -> current value
 * value:  [0] absent | [1][len:4][bytes] present;  error: [0x7f][message UTF]
 * </pre>
 */
public final class KvCommands {
  static final byte PUT = 1;
  static final byte DELETE = 2;
  static final byte CAS = 3;
  static final byte GET = 4;
  static final byte ERROR = 0x7f;

  private KvCommands() {}

  /** Sets {@code key} to {@code value}; the result is the previous value. */
  public static byte[] put(String key, byte[] value) {
    return write(out -> {
      out.writeByte(PUT);
      out.writeUTF(key);
      writeValue(out, value);
    });
  }

  /** Removes {@code key}; the result is the previous value. */
  public static byte[] delete(String key) {
    return write(out -> {
      out.writeByte(DELETE);
      out.writeUTF(key);
    });
  }

  /** Sets {@code key} to {@code value} if its value equals {@code expected} (null: absent). */
  public static byte[] compareAndSet(String key, byte @Nullable [] expected, byte[] value) {
    return write(out -> {
      out.writeByte(CAS);
      out.writeUTF(key);
      writeValue(out, expected);
      writeValue(out, value);
    });
  }

  /** A query for the value of {@code key}. */
  public static byte[] get(String key) {
    return write(out -> {
      out.writeByte(GET);
      out.writeUTF(key);
    });
  }

  /**
   * Decodes a value result (of put, delete or get).
   *
   * @return the value, or null when absent
   * @throws IllegalArgumentException when the result is an error
   */
  public static byte @Nullable [] value(byte[] result) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(result))) {
      int tag = in.readByte();
      if (tag == ERROR) {
        throw new IllegalArgumentException("kv error: " + in.readUTF());
      }
      return tag == 0 ? null : in.readNBytes(in.readInt());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed kv result", e);
    }
  }

  /** Whether a compare-and-set result says the value was swapped. */
  public static boolean swapped(byte[] casResult) {
    if (casResult.length == 0 || casResult[0] == ERROR) {
      throw new IllegalArgumentException("not a cas result");
    }
    return casResult[0] == 1;
  }

  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static void writeValue(DataOutputStream out, byte @Nullable [] v) throws IOException {
    if (v == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      out.writeInt(v.length);
      out.write(v);
    }
  }

  static byte @Nullable [] readValue(DataInputStream in) throws IOException {
    int tag = in.readByte();
    if (tag == 0) {
      return null;
    }
    if (tag != 1) {
      throw new IOException("bad value tag " + tag);
    }
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("bad value length " + n);
    }
    return in.readNBytes(n);
  }

  static byte[] error(String message) {
    return write(out -> {
      out.writeByte(ERROR);
      out.writeUTF(message);
    });
  }
}
