package io.dsync.lock.core;

import java.util.List;
import java.util.Optional;

/**
 * An immutable copy of one resource's state.
 *
 * @param resource the name
 * @param mode the mode it is held in, empty when free
 * @param holders holders in grant order
 * @param waiting the wait queue in FIFO order
 * @param fence the last fencing token issued for this resource (0 if never granted)
 */
public record LockView(String resource, Optional<LockMode> mode, List<HolderView> holders, List<WaiterView> waiting, long fence) {
  /** Copies the lists. */
  public LockView {
    holders = List.copyOf(holders);
    waiting = List.copyOf(waiting);
  }
}
