package io.dsync.wire;

import java.util.Arrays;

/** A growable in-memory {@link WireOutput}. Not thread-safe. */
public final class ByteArrayWireOutput implements WireOutput {
  private byte[] buffer;
  private int size;

  public ByteArrayWireOutput() {
    this(64);
  }

  public ByteArrayWireOutput(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
    }
  }

  @Override
  public void writeByte(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
  }

  @Override
  public void writeInt(int value) {
    ensure(4);
    buffer[size++] = (byte) (value >>> 24);
    buffer[size++] = (byte) (value >>> 16);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
  }

  @Override
  public void writeLong(long value) {
    writeInt((int) (value >>> 32));
    writeInt((int) value);
  }

  @Override
  public void writeBytes(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  public int size() {
    return size;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }
}
