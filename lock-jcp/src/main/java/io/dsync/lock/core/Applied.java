package io.dsync.lock.core;

import java.util.List;

/**
 * What applying one command produced: the result for its submitter, and events for others, in the
 * order they happened (session expiries triggered by the command's time come first).
 *
 * @param result the result of the command itself
 * @param events grants and cancellations of other, earlier requests to deliver
 */
public record Applied(LockResult result, List<LockEvent> events) {
  /** Copies the events. */
  public Applied {
    events = List.copyOf(events);
  }
}
