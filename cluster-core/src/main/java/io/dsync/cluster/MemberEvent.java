package io.dsync.cluster;

import java.util.Objects;

/**
 * A change of a member's liveness, as output by {@link FailureDetector}.
 *
 * @param id the member
 * @param liveness its new state
 * @param atMillis when the detector decided it
 * @param restarted true when an alive member was seen with a newer incarnation: it restarted
 *     (faster than the failure timeout) and lost whatever it held only in memory
 */
public record MemberEvent(NodeId id, Liveness liveness, long atMillis, boolean restarted) {
  public MemberEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(liveness, "liveness");
  }

  /** A liveness change that is not a restart. */
  public MemberEvent(NodeId id, Liveness liveness, long atMillis) {
    this(id, liveness, atMillis, false);
  }
}
