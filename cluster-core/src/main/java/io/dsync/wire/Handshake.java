package io.dsync.wire;

import io.dsync.cluster.NodeId;
import java.util.Objects;

/**
 * The first frame each side sends on a new connection (type id {@value #TYPE_ID}, one-way). It
 * names the sender, so that the receiver knows who {@code from} is for every later frame, and the
 * protocol version the sender speaks. Transports consume it; handlers never see it.
 *
 * @param protocolVersion the sender's protocol version
 * @param nodeId the sender's id (a node, or a client such as {@code client-<uuid>})
 */
public record Handshake(int protocolVersion, NodeId nodeId) implements Message {
  /** The type id of the handshake. */
  public static final int TYPE_ID = 1;

  /** Its codec. */
  public static final MessageCodec<Handshake> CODEC =
      new MessageCodec<>() {
        @Override
        public void encode(Handshake message, WireOutput out) {
          out.writeInt(message.protocolVersion());
          out.writeString(message.nodeId().value());
        }

        @Override
        public Handshake decode(WireInput in) {
          int version = in.readInt();
          String id = in.readString();
          if (id == null) {
            throw new WireFormatException("handshake without a node id");
          }
          try {
            return new Handshake(version, NodeId.of(id));
          } catch (IllegalArgumentException e) {
            throw new WireFormatException("handshake with " + e.getMessage(), e);
          }
        }
      };

  public Handshake {
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
