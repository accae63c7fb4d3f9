package io.dsync.wire;

import java.nio.charset.StandardCharsets;

/** A sink for a message body, in big-endian order. Not thread-safe. */
public interface WireOutput {
  void writeByte(int value);

  void writeInt(int value);

  void writeLong(long value);

  void writeBytes(byte[] bytes, int offset, int length);

  default void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  default void writeDouble(double value) {
    writeLong(Double.doubleToRawLongBits(value));
  }

  /** Writes a length (int) followed by the bytes. */
  default void writeByteArray(byte[] bytes) {
    writeInt(bytes.length);
    writeBytes(bytes, 0, bytes.length);
  }

  /** Writes a UTF-8 string as a length-prefixed byte array; {@code null} is written as -1. */
  default void writeString(String value) {
    if (value == null) {
      writeInt(-1);
      return;
    }
    writeByteArray(value.getBytes(StandardCharsets.UTF_8));
  }
}
