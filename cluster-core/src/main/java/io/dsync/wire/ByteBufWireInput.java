package io.dsync.wire;

import io.netty.buffer.ByteBuf;

/**
 * A {@link WireInput} over a slice {@code [offset, offset + length)} of a Netty {@link ByteBuf}.
 * Reads never go past the slice; the buffer's own indexes are not moved. Not thread-safe.
 */
public final class ByteBufWireInput implements WireInput {
  private final ByteBuf buf;
  private int position;
  private final int end;

  public ByteBufWireInput(ByteBuf buf, int offset, int length) {
    if (offset < 0 || length < 0 || (long) offset + length > buf.capacity()) {
      throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + buf.capacity());
    }
    this.buf = buf;
    this.position = offset;
    this.end = offset + length;
  }

  /** Reads the readable bytes of {@code buf}. */
  public static ByteBufWireInput readable(ByteBuf buf) {
    return new ByteBufWireInput(buf, buf.readerIndex(), buf.readableBytes());
  }

  private void need(int n) {
    if (n < 0 || end - position < n) {
      throw new WireFormatException("truncated: need " + n + " bytes, " + (end - position) + " left");
    }
  }

  @Override
  public int readByte() {
    need(1);
    return buf.getByte(position++);
  }

  @Override
  public int readInt() {
    need(4);
    int v = buf.getInt(position);
    position += 4;
    return v;
  }

  @Override
  public long readLong() {
    need(8);
    long v = buf.getLong(position);
    position += 8;
    return v;
  }

  @Override
  public void readBytes(byte[] into, int offset, int length) {
    need(length);
    buf.getBytes(position, into, offset, length);
    position += length;
  }

  @Override
  public int remaining() {
    return end - position;
  }
}
