package io.dsync.node;

import io.dsync.cluster.NodeId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

  /**
   * Parses {@code id:host:port}; an IPv6 host is written in brackets ({@code n1:[::1]:7001}).
   *
   * @throws IllegalArgumentException naming the bad entry and what is wrong with it
   */
  public static PeerAddress parse(String text) {
    String entry = text.strip();
    int first = entry.indexOf(':');
    int last = entry.lastIndexOf(':');
    if (first <= 0 || last == first || last == entry.length() - 1) {
      throw new IllegalArgumentException(
          "bad peer '" + text + "': expected id:host:port, such as node-2:127.0.0.1:7002");
    }
    String id = entry.substring(0, first);
    String host = entry.substring(first + 1, last);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String portText = entry.substring(last + 1);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad peer '" + text + "': port '" + portText
          + "' is not a number");
    }
    NodeId nodeId;
    try {
      nodeId = NodeId.of(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad peer '" + text + "': " + e.getMessage());
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("bad peer '" + text + "': empty host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad peer '" + text + "': port out of range 1..65535");
    }
    return new PeerAddress(nodeId, host, port);
  }

  /**
   * Parses a comma-separated list such as {@code n1:127.0.0.1:7001,n2:127.0.0.1:7002}; blank
   * entries are skipped.
   *
   * @throws IllegalArgumentException for a bad entry or an id listed twice
   */
  public static List<PeerAddress> parseList(String text) {
    List<PeerAddress> peers = new ArrayList<>();
    Set<NodeId> seen = new HashSet<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      PeerAddress peer = parse(part);
      if (!seen.add(peer.id())) {
        throw new IllegalArgumentException("duplicate node id '" + peer.id() + "' in peers: " + text.strip());
      }
      peers.add(peer);
    }
    return peers;
  }

  @Override
  public String toString() {
    return id + ":" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
