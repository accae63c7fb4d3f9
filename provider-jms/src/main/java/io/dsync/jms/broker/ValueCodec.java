package io.dsync.jms.broker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the typed values that JMS properties, map and stream bodies may hold (null, boolean,
 * byte, short, char, int, long, float, double, String, byte[]) as a tag byte and the value. Pure
 * computation; the one place that knows these bytes.
 */
public final class ValueCodec {
  private static final int NULL = 0;
  private static final int BOOLEAN = 1;
  private static final int BYTE = 2;
  private static final int SHORT = 3;
  private static final int CHAR = 4;
  private static final int INT = 5;
  private static final int LONG = 6;
  private static final int FLOAT = 7;
  private static final int DOUBLE = 8;
  private static final int STRING = 9;
  private static final int BYTES = 10;

  private ValueCodec() {}

  /** Writes one value; throws IllegalArgumentException for a type outside the JMS set. */
  public static void write(DataOutputStream out, Object value) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (value instanceof Byte b) {
      out.writeByte(BYTE);
      out.writeByte(b);
    } else if (value instanceof Short s) {
      out.writeByte(SHORT);
      out.writeShort(s);
    } else if (value instanceof Character c) {
      out.writeByte(CHAR);
      out.writeChar(c);
    } else if (value instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeFloat(f);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      writeString(out, s);
    } else if (value instanceof byte[] bytes) {
      out.writeByte(BYTES);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else {
      throw new IllegalArgumentException("not a JMS value type: " + value.getClass().getName());
    }
  }

  /** Reads one value written by {@link #write}. */
  public static Object read(DataInputStream in) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case NULL -> null;
      case BOOLEAN -> in.readBoolean();
      case BYTE -> in.readByte();
      case SHORT -> in.readShort();
      case CHAR -> in.readChar();
      case INT -> in.readInt();
      case LONG -> in.readLong();
      case FLOAT -> in.readFloat();
      case DOUBLE -> in.readDouble();
      case STRING -> readString(in);
      case BYTES -> {
        byte[] b = new byte[checkedLength(in.readInt())];
        in.readFully(b);
        yield b;
      }
      default -> throw new IOException("unknown value tag " + tag);
    };
  }

  /** Writes a nullable string as a length (-1 for null) and UTF-8 bytes. */
  public static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /** Reads a string written by {@link #writeString}. */
  public static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[checkedLength(n)];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static int checkedLength(int n) throws IOException {
    if (n < 0 || n > 256 * 1024 * 1024) {
      throw new IOException("bad length " + n);
    }
    return n;
  }
}
