package io.dsync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds 100k random and mutated inputs, in random chunks, through the frame decoder. Every input
 * must end in whole valid frames and/or exactly one {@link WireFormatException}; nothing else may
 * be thrown and no input may take long.
 */
class FrameDecoderFuzzTest {
  private static final int INPUTS = 100_000;
  private final MessageRegistry registry = TestMessages.registry();

  @Test
  void decoder_randomAndMutatedInputs_failCleanly() {
    long seed = Long.getLong("dsync.fuzz.seed", 20261124L);
    Random random = new Random(seed);
    WireFuzz fuzz = new WireFuzz(random, registry);
    long start = System.nanoTime();
    int rejected = 0;
    int framesDecoded = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = fuzz.input();
      EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(registry, 64 * 1024));
      boolean failed = false;
      try {
        int at = 0;
        while (at < input.length && !failed) {
          int n = 1 + random.nextInt(input.length - at);
          try {
            ch.writeInbound(Unpooled.wrappedBuffer(input, at, n));
          } catch (DecoderException e) {
            if (!(e.getCause() instanceof WireFormatException)) {
              fail("seed " + seed + " input " + i + ": unexpected " + e.getCause(), e);
            }
            failed = true;
          } catch (RuntimeException e) {
            fail("seed " + seed + " input " + i + ": unexpected " + e, e);
          }
          at += n;
        }
        try {
          ch.finish();
        } catch (DecoderException e) {
          assertThat(e.getCause()).as("seed %d input %d", seed, i).isInstanceOf(WireFormatException.class);
          failed = true;
        }
        Object out;
        while ((out = ch.readInbound()) != null) {
          assertThat(out).isInstanceOf(Frame.class);
          assertThat(((Frame) out).message()).isNotNull();
          framesDecoded++;
        }
      } finally {
        ch.close();
      }
      if (failed) {
        rejected++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("fuzz seed %d: %d inputs, %d rejected, %d frames decoded, %.1f s%n",
        seed, INPUTS, rejected, framesDecoded, seconds);
    assertThat(rejected).isGreaterThan(INPUTS / 2);
    assertThat(framesDecoded).isGreaterThan(INPUTS / 10);
    assertThat(seconds).isLessThan(30);
  }

  @Test
  void decoder_validFramesInRandomChunks_allDecoded() {
    Random random = new Random(7);
    WireFuzz fuzz = new WireFuzz(random, registry);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    int n = 2000;
    for (int i = 0; i < n; i++) {
      all.writeBytes(fuzz.validFrame());
    }
    byte[] bytes = all.toByteArray();
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(registry, 64 * 1024));
    int at = 0;
    while (at < bytes.length) {
      int len = Math.min(bytes.length - at, 1 + random.nextInt(300));
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, len));
      at += len;
    }
    int count = 0;
    while (ch.readInbound() != null) {
      count++;
    }
    assertThat(count).isEqualTo(n);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void decoder_afterError_discardsRest() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(registry, 1024));
    WireFuzz fuzz = new WireFuzz(new Random(1), registry);
    try {
      ch.writeInbound(Unpooled.buffer().writeInt(-5));
      fail("expected a decoder error");
    } catch (DecoderException e) {
      assertThat(e.getCause()).isInstanceOf(WireFormatException.class);
    }
    ch.writeInbound(Unpooled.wrappedBuffer(fuzz.validFrame()));
    Object next = ch.readInbound();
    assertThat(next).isNull();
  }

  @Test
  void decoder_streamEndsMidFrame_reportsTruncation() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(registry, 1024));
    byte[] frame = new WireFuzz(new Random(2), registry).validFrame();
    ch.writeInbound(Unpooled.wrappedBuffer(frame, 0, frame.length - 1));
    try {
      ch.finish();
      fail("expected a truncation error");
    } catch (DecoderException e) {
      assertThat(e.getCause()).isInstanceOf(WireFormatException.class).hasMessageContaining("truncated frame");
    }
  }
}
