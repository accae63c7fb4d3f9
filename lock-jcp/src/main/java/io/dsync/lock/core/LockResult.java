package io.dsync.lock.core;

import java.util.List;
import java.util.Objects;

/**
 * The result of one command.
 *
 * @param status what happened
 * @param fence the fencing token of the grant ({@link Status#GRANTED}), else 0
 * @param queuePosition 1-based place in the wait queue ({@link Status#WAITING}, or the place a
 *     cancelled request had), else 0
 * @param cycle the wait-for cycle for {@link Status#DEADLOCK}, else empty
 * @param message a human-readable explanation, never null
 */
public record LockResult(Status status, long fence, int queuePosition, List<WaitEdge> cycle, String message) {
  /** Copies the cycle and checks for nulls. */
  public LockResult {
    Objects.requireNonNull(status, "status");
    cycle = List.copyOf(cycle);
    message = message == null ? "" : message;
  }

  /** An {@link Status#OK} result. */
  public static LockResult ok(String message) {
    return new LockResult(Status.OK, 0, 0, List.of(), message);
  }

  /** A {@link Status#GRANTED} result with its fence. */
  public static LockResult granted(long fence) {
    return new LockResult(Status.GRANTED, fence, 0, List.of(), "granted");
  }

  /** A {@link Status#WAITING} result with its queue position. */
  public static LockResult waiting(int position) {
    return new LockResult(Status.WAITING, 0, position, List.of(), "queued at position " + position);
  }

  /** A {@link Status#CANCELLED} result. */
  public static LockResult cancelled(int position, String message) {
    return new LockResult(Status.CANCELLED, 0, position, List.of(), message);
  }

  /** An error or refusal of the given status. */
  public static LockResult error(Status status, String message) {
    return new LockResult(status, 0, 0, List.of(), message);
  }

  /** A {@link Status#DEADLOCK} result naming the cycle (which must not be empty). */
  public static LockResult deadlock(List<WaitEdge> cycle) {
    StringBuilder sb = new StringBuilder("deadlock: ");
    for (int i = 0; i < cycle.size(); i++) {
      if (i > 0) {
        sb.append(", which ");
      }
      WaitEdge e = cycle.get(i);
      sb.append(i == 0 ? e.waiter() + " " : "").append("waits for '").append(e.resource())
          .append("' held by ").append(e.blocker());
    }
    sb.append("; the newest request (").append(cycle.get(0).waiter()).append(") is refused");
    return new LockResult(Status.DEADLOCK, 0, 0, cycle, sb.toString());
  }
}
