package io.dsync.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * Small messages for transport tests and simulations, in the test range 60000+. Register them with
 * {@link #register}.
 */
public final class TestMessages {
  private TestMessages() {}

  /** A text message (id 60001). */
  public record Text(String text) implements Message {
    public static final int TYPE_ID = 60001;
    public static final MessageCodec<Text> CODEC =
        new MessageCodec<>() {
          @Override
          public void encode(Text m, WireOutput out) {
            out.writeString(m.text());
          }

          @Override
          public Text decode(WireInput in) {
            String text = in.readString();
            if (text == null) {
              throw new WireFormatException("null text");
            }
            return new Text(text);
          }
        };

    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A sequence-numbered message from one sender (id 60002). */
  public record Seq(String sender, long number) implements Message {
    public static final int TYPE_ID = 60002;
    public static final MessageCodec<Seq> CODEC =
        new MessageCodec<>() {
          @Override
          public void encode(Seq m, WireOutput out) {
            out.writeString(m.sender());
            out.writeLong(m.number());
          }

          @Override
          public Seq decode(WireInput in) {
            String sender = in.readString();
            if (sender == null) {
              throw new WireFormatException("null sender");
            }
            return new Seq(sender, in.readLong());
          }
        };
  }

  /** An opaque payload (id 60003). */
  public record Blob(byte[] bytes) implements Message {
    public static final int TYPE_ID = 60003;
    public static final MessageCodec<Blob> CODEC =
        new MessageCodec<>() {
          @Override
          public void encode(Blob m, WireOutput out) {
            out.writeByteArray(m.bytes());
          }

          @Override
          public Blob decode(WireInput in) {
            return new Blob(in.readByteArray());
          }
        };

    @Override
    public boolean equals(Object o) {
      return o instanceof Blob b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Blob[" + bytes.length + " bytes]";
    }
  }

  /** A message class with no codec, for programmer-error tests. */
  public record Unregistered(int x) implements Message {}

  /** Registers {@link Text}, {@link Seq}, {@link Blob} and the core messages. */
  public static MessageRegistry register(MessageRegistry registry) {
    CoreMessages.register(registry);
    registry.register(Text.TYPE_ID, Text.class, Text.CODEC);
    registry.register(Seq.TYPE_ID, Seq.class, Seq.CODEC);
    registry.register(Blob.TYPE_ID, Blob.class, Blob.CODEC);
    return registry;
  }

  /** A fresh registry with the test messages. */
  public static MessageRegistry registry() {
    return register(new MessageRegistry());
  }
}
