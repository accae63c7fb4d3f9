package io.dsync.wire;

/** A {@link WireInput} over a byte array slice. Not thread-safe. */
public final class ByteArrayWireInput implements WireInput {
  private final byte[] bytes;
  private int position;
  private final int end;

  public ByteArrayWireInput(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  public ByteArrayWireInput(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + bytes.length);
    }
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  private void need(int n) {
    if (end - position < n) {
      throw new WireFormatException("truncated: need " + n + " bytes, " + (end - position) + " left");
    }
  }

  @Override
  public int readByte() {
    need(1);
    return bytes[position++];
  }

  @Override
  public int readInt() {
    need(4);
    int v = ((bytes[position] & 0xFF) << 24) | ((bytes[position + 1] & 0xFF) << 16)
        | ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
    position += 4;
    return v;
  }

  @Override
  public long readLong() {
    long high = readInt() & 0xFFFFFFFFL;
    long low = readInt() & 0xFFFFFFFFL;
    return (high << 32) | low;
  }

  @Override
  public void readBytes(byte[] into, int offset, int length) {
    need(length);
    System.arraycopy(bytes, position, into, offset, length);
    position += length;
  }

  @Override
  public int remaining() {
    return end - position;
  }
}
