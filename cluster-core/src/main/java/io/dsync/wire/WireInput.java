package io.dsync.wire;

import java.nio.charset.StandardCharsets;

/**
 * A source for a message body, in big-endian order. Every read past the end, and every length
 * that cannot be right, throws {@link WireFormatException}. Not thread-safe.
 */
public interface WireInput {
  int readByte();

  int readInt();

  long readLong();

  void readBytes(byte[] into, int offset, int length);

  /** Bytes left in this message body. */
  int remaining();

  default boolean readBoolean() {
    int b = readByte();
    if (b != 0 && b != 1) {
      throw new WireFormatException("bad boolean byte " + b);
    }
    return b == 1;
  }

  default double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /** Reads a length-prefixed byte array, checking the length against what is left. */
  default byte[] readByteArray() {
    int length = readInt();
    if (length < 0 || length > remaining()) {
      throw new WireFormatException("bad byte array length " + length + ", " + remaining() + " left");
    }
    byte[] bytes = new byte[length];
    readBytes(bytes, 0, length);
    return bytes;
  }

  /** Reads a string written by {@link WireOutput#writeString}; may return {@code null}. */
  default String readString() {
    int length = readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > remaining()) {
      throw new WireFormatException("bad string length " + length + ", " + remaining() + " left");
    }
    byte[] bytes = new byte[length];
    readBytes(bytes, 0, length);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
