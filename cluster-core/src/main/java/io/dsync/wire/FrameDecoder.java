package io.dsync.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty inbound handler turning bytes into {@link Frame}s with {@link FrameCodec#decode}. After
 * the first malformed frame it discards everything else the connection sends and passes the
 * {@link WireFormatException} (wrapped by Netty in a {@code DecoderException}) down the pipeline,
 * where the connection handler logs it and closes the channel. One instance per channel.
 *
 * <p>The size limit can be raised once the peer has identified itself ({@link #maxFrameBytes}),
 * so that an unidentified connection cannot make the node buffer a large frame.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final MessageRegistry registry;
  /** A limit for frames before the handshake: a handshake frame is far smaller. */
  public static final int HANDSHAKE_MAX_FRAME_BYTES = 1024;

  private int maxFrameBytes;
  private boolean failed;

  public FrameDecoder(MessageRegistry registry, int maxFrameBytes) {
    this.registry = registry;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Changes the size limit for the frames that follow (called on the channel's event loop). */
  public void maxFrameBytes(int bytes) {
    this.maxFrameBytes = bytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      Frame frame = FrameCodec.decode(in, registry, maxFrameBytes);
      if (frame != null) {
        out.add(frame);
      }
    } catch (WireFormatException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    decode(ctx, in, out);
    if (in.isReadable() && !failed) {
      int pending = in.readableBytes();
      in.skipBytes(pending);
      failed = true;
      throw new WireFormatException("truncated frame: connection closed with " + pending + " bytes of a frame pending");
    }
  }
}
