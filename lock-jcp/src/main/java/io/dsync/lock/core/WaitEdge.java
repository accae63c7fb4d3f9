package io.dsync.lock.core;

/**
 * One edge of the wait-for graph: {@code waiter} waits for {@code resource}, which
 * {@code blocker} holds or is queued for ahead of it.
 *
 * @param waiter the owner that waits
 * @param resource the resource it waits for
 * @param blocker the owner it waits on
 */
public record WaitEdge(Owner waiter, String resource, Owner blocker) {
  @Override
  public String toString() {
    return waiter + " waits for '" + resource + "' held by " + blocker;
  }
}
