package io.dsync.node;

import io.dsync.cluster.NodeId;
import java.util.Objects;

/** A cluster member's binary address, as in {@code node-2:127.0.0.1:7002}. */
public record PeerAddress(NodeId id, String host, int port) {
  public PeerAddress {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("peer " + id + ": empty host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("peer " + id + ": port out of range 1..65535: " + port);
    }
  }

  @Override
  public String toString() {
    return id + ":" + host + ":" + port;
  }
}
