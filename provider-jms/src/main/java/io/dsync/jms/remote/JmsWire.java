package io.dsync.jms.remote;

import io.dsync.wire.Message;
import io.dsync.wire.MessageCodec;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireFormatException;
import io.dsync.wire.WireInput;
import io.dsync.wire.WireOutput;

/** The JMS service's wire messages (type ids 3000–3002) and their codecs. */
public final class JmsWire {
  /** Largest body accepted from the wire (the frame limit applies first). */
  static final int MAX_BODY = 64 * 1024 * 1024;

  private JmsWire() {}

  /**
   * A client's request.
   *
   * @param op the operation ({@link Ops})
   * @param body the operation's arguments
   */
  public record Request(int op, byte[] body) implements Message {}

  /**
   * The answer to a request.
   *
   * @param body the result
   */
  public record Response(byte[] body) implements Message {}

  /**
   * A delivery pushed to a client.
   *
   * @param body connection id, consumer id and the delivery
   */
  public record Push(byte[] body) implements Message {}

  /** Registers the three messages. */
  public static MessageRegistry register(MessageRegistry registry) {
    registry.register(3000, Request.class, new MessageCodec<>() {
      @Override
      public void encode(Request m, WireOutput out) {
        out.writeInt(m.op());
        out.writeByteArray(m.body());
      }

      @Override
      public Request decode(WireInput in) {
        return new Request(in.readInt(), body(in));
      }
    });
    registry.register(3001, Response.class, new MessageCodec<>() {
      @Override
      public void encode(Response m, WireOutput out) {
        out.writeByteArray(m.body());
      }

      @Override
      public Response decode(WireInput in) {
        return new Response(body(in));
      }
    });
    registry.register(3002, Push.class, new MessageCodec<>() {
      @Override
      public void encode(Push m, WireOutput out) {
        out.writeByteArray(m.body());
      }

      @Override
      public Push decode(WireInput in) {
        return new Push(body(in));
      }
    });
    return registry;
  }

  private static byte[] body(WireInput in) {
    byte[] b = in.readByteArray();
    if (b == null || b.length > MAX_BODY) {
      throw new WireFormatException("bad JMS message body");
    }
    return b;
  }
}
