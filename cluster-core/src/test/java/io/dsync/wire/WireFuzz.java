package io.dsync.wire;

import io.dsync.cluster.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;

/** Makes random and mutated frame bytes for fuzz tests. Deterministic for a given Random. */
public final class WireFuzz {
  private final Random random;
  private final MessageRegistry registry;

  public WireFuzz(Random random, MessageRegistry registry) {
    this.random = random;
    this.registry = registry;
  }

  /** A valid frame of a random kind and message. */
  public byte[] validFrame() {
    Message m = switch (random.nextInt(5)) {
      case 0 -> new TestMessages.Text(randomText());
      case 1 -> new TestMessages.Seq(randomText(), random.nextLong());
      case 2 -> new TestMessages.Blob(randomBytes(random.nextInt(200)));
      case 3 -> new Handshake(1, NodeId.of("n" + random.nextInt(1000)));
      default -> new ErrorResponse("code", randomText());
    };
    int flags = switch (random.nextInt(3)) {
      case 0 -> FrameFlags.ONE_WAY;
      case 1 -> FrameFlags.REQUEST;
      default -> FrameFlags.RESPONSE;
    };
    long id = flags == FrameFlags.ONE_WAY ? 0 : 1 + random.nextInt(1_000_000);
    ByteBuf buf = Unpooled.buffer();
    FrameCodec.encode(buf, flags, id, m, registry, random.nextBoolean(), 1 << 20);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }

  /** Random bytes, a mutated valid frame, or valid frames followed by junk. */
  public byte[] input() {
    return switch (random.nextInt(6)) {
      case 0 -> randomBytes(random.nextInt(64));
      case 1 -> flipBits(validFrame());
      case 2 -> truncate(validFrame());
      case 3 -> rewriteHeaderField(validFrame());
      case 4 -> concat(validFrame(), flipBits(validFrame()));
      default -> concat(validFrame(), randomBytes(1 + random.nextInt(32)));
    };
  }

  private String randomText() {
    return Integer.toString(random.nextInt(), 36);
  }

  byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private byte[] flipBits(byte[] b) {
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips; i++) {
      int at = random.nextInt(b.length);
      b[at] ^= (byte) (1 << random.nextInt(8));
    }
    return b;
  }

  private byte[] truncate(byte[] b) {
    return java.util.Arrays.copyOf(b, random.nextInt(b.length));
  }

  private byte[] rewriteHeaderField(byte[] b) {
    ByteBuf buf = Unpooled.wrappedBuffer(b);
    switch (random.nextInt(5)) {
      case 0 -> buf.setInt(0, random.nextInt());
      case 1 -> buf.setByte(4, random.nextInt(256));
      case 2 -> buf.setByte(5, random.nextInt(256));
      case 3 -> buf.setShort(6, random.nextInt(65536));
      default -> buf.setLong(8, random.nextLong());
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
