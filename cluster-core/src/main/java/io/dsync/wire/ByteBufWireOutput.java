package io.dsync.wire;

import io.netty.buffer.ByteBuf;

/**
 * A {@link WireOutput} appending to a Netty {@link ByteBuf} at its writer index. A limit bounds
 * the bytes this output may write, so that an oversized message fails while it is being encoded
 * instead of after it has filled memory. Not thread-safe.
 */
public final class ByteBufWireOutput implements WireOutput {
  private final ByteBuf buf;
  private final int limitIndex;

  /** Writes at most {@code limitBytes} bytes past the current writer index. */
  public ByteBufWireOutput(ByteBuf buf, int limitBytes) {
    this.buf = buf;
    this.limitIndex = (int) Math.min(Integer.MAX_VALUE, (long) buf.writerIndex() + limitBytes);
  }

  /** Unbounded (up to the buffer's own maximum capacity). */
  public ByteBufWireOutput(ByteBuf buf) {
    this(buf, Integer.MAX_VALUE);
  }

  private void room(int n) {
    if ((long) buf.writerIndex() + n > limitIndex) {
      throw new WireFormatException("message exceeds the frame size limit");
    }
  }

  @Override
  public void writeByte(int value) {
    room(1);
    buf.writeByte(value);
  }

  @Override
  public void writeInt(int value) {
    room(4);
    buf.writeInt(value);
  }

  @Override
  public void writeLong(long value) {
    room(8);
    buf.writeLong(value);
  }

  @Override
  public void writeBytes(byte[] bytes, int offset, int length) {
    room(length);
    buf.writeBytes(bytes, offset, length);
  }
}
