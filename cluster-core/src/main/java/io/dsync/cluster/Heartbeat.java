package io.dsync.cluster;

import io.dsync.wire.Message;
import io.dsync.wire.MessageCodec;
import io.dsync.wire.WireInput;
import io.dsync.wire.WireOutput;

/**
 * "I am alive", sent one-way by every member to every other one each heartbeat interval.
 *
 * @param incarnation the sender's start time, so a restart can be told from a late heartbeat
 * @param sequence grows by one per heartbeat round of the sender
 */
public record Heartbeat(long incarnation, long sequence) implements Message {
  /** The wire type id (cluster core range, see docs/wire-protocol.md). */
  public static final int TYPE_ID = 10;

  /** The codec: two longs. */
  public static final MessageCodec<Heartbeat> CODEC =
      new MessageCodec<>() {
        @Override
        public void encode(Heartbeat message, WireOutput out) {
          out.writeLong(message.incarnation());
          out.writeLong(message.sequence());
        }

        @Override
        public Heartbeat decode(WireInput in) {
          return new Heartbeat(in.readLong(), in.readLong());
        }
      };
}
