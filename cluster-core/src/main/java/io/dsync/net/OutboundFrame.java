package io.dsync.net;

import io.dsync.wire.FrameCodec;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * A whole encoded frame waiting in an outbound queue. Frames are encoded on the sending thread,
 * so that queues are bounded in bytes and encoding errors reach the sender, not the event loop.
 */
record OutboundFrame(int flags, long correlationId, byte[] bytes) {
  private static final int SCRATCH_KEEP_BYTES = 256 * 1024;
  private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(1024));

  /**
   * Encodes a frame with the thread's scratch buffer.
   *
   * @throws io.dsync.wire.WireFormatException if it exceeds {@code maxFrameBytes}
   */
  static OutboundFrame encode(int flags, long correlationId, Message message, MessageRegistry registry,
      boolean crc, int maxFrameBytes) {
    ByteBuf scratch = SCRATCH.get();
    scratch.clear();
    try {
      int size = FrameCodec.encode(scratch, flags, correlationId, message, registry, crc, maxFrameBytes);
      return new OutboundFrame(flags, correlationId, Arrays.copyOf(scratch.array(), size));
    } finally {
      if (scratch.capacity() > SCRATCH_KEEP_BYTES) {
        SCRATCH.set(Unpooled.buffer(1024)); // do not keep a large buffer per thread
      }
    }
  }
}
