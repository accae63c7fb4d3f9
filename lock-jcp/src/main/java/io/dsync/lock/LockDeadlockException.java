package io.dsync.lock;

import io.dsync.lock.core.WaitEdge;
import java.util.List;

/**
 * The lock manager refused a request because waiting for it would have closed a cycle in the
 * wait-for graph (a deadlock). The refused request is always the newest one in the cycle; the
 * others keep waiting. The caller holds nothing new; it should release what it holds and retry,
 * usually after backing off. The cycle is decided in the replicated log, so every node agrees.
 *
 * <p>Unchecked. Immutable and thread-safe.
 */
public final class LockDeadlockException extends LockException {
  private static final long serialVersionUID = 1L;

  private final String resource;
  private final transient List<WaitEdge> cycle;

  /**
   * An exception for the refused request on {@code resource}.
   *
   * @param resource the resource the refused request asked for
   * @param cycle the cycle, starting with the refused request's edge
   * @param message the explanation, naming every owner and resource in the cycle
   */
  public LockDeadlockException(String resource, List<WaitEdge> cycle, String message) {
    super(message);
    this.resource = resource;
    this.cycle = List.copyOf(cycle);
  }

  /** The resource the refused request asked for. */
  public String resource() {
    return resource;
  }

  /**
   * The cycle as wait-for edges: the first is the refused request's, each next edge starts at the
   * previous edge's blocker, and the last ends at the refused request's owner.
   */
  public List<WaitEdge> cycle() {
    return cycle == null ? List.of() : cycle;
  }
}
