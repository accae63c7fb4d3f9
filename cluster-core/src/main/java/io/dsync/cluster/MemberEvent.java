package io.dsync.cluster;

import java.util.Objects;

/**
 * A change of a member's liveness, as output by {@link FailureDetector}.
 *
 * @param id the member
 * @param liveness its new state
 * @param atMillis when the detector decided it
 */
public record MemberEvent(NodeId id, Liveness liveness, long atMillis) {
  public MemberEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(liveness, "liveness");
  }
}
