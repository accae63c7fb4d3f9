package io.dsync.cluster;

import java.util.Objects;

/**
 * One member as seen by this node.
 *
 * @param id the member's id
 * @param liveness alive or suspect
 * @param sinceMillis when it entered that state, in the detector's clock (epoch millis on a real
 *     node, virtual time in a simulation)
 * @param local whether this member is the node itself (always alive)
 * @param incarnation the member's start stamp from its latest heartbeat (0 until heard from);
 *     it grows when the member restarts
 */
public record Member(NodeId id, Liveness liveness, long sinceMillis, boolean local, long incarnation) {
  public Member {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(liveness, "liveness");
  }

  /** Whether the member is believed alive. */
  public boolean alive() {
    return liveness == Liveness.ALIVE;
  }
}
