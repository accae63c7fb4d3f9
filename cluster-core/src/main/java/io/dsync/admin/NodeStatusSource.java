package io.dsync.admin;

import io.dsync.cluster.MembershipView;
import io.dsync.ring.HashRing;
import java.util.Map;

/** What the core admin resources read from the node. Implementations are thread-safe. */
public interface NodeStatusSource {

  /** The current membership. */
  MembershipView membership();

  /** The current ring. */
  HashRing ring();

  /** Members' binary addresses by id (this node's included when known). */
  Map<String, String> addresses();

  /** The node's version. */
  String version();

  /** When the node started, epoch millis. */
  long startedAtMillis();

  /** Whether the node is up (started and not stopping). */
  boolean running();
}
