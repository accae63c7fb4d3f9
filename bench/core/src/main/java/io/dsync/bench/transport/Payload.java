package io.dsync.bench.transport;

import io.dsync.wire.Message;
import io.dsync.wire.MessageCodec;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireInput;
import io.dsync.wire.WireOutput;

/** An opaque benchmark message (type id 60100, in the test/benchmark range). */
record Payload(byte[] bytes) implements Message {
  static final int TYPE_ID = 60100;

  static final MessageCodec<Payload> CODEC =
      new MessageCodec<>() {
        @Override
        public void encode(Payload m, WireOutput out) {
          out.writeByteArray(m.bytes());
        }

        @Override
        public Payload decode(WireInput in) {
          return new Payload(in.readByteArray());
        }
      };

  static MessageRegistry registry() {
    return new MessageRegistry().register(TYPE_ID, Payload.class, CODEC);
  }
}
