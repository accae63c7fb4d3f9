package io.dsync.lock;

import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockStats;
import io.dsync.lock.core.LockView;
import io.dsync.lock.core.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The narrow interface the client face talks to: it runs lock commands somewhere (in-process in
 * {@link LocalLockEngine}; through Raft in a cluster) and hands back their results.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #submit} never blocks and never throws; failures (closed engine, no leader,
 *       transport loss) complete the future exceptionally;
 *   <li>an {@link LockCommand.Acquire} that queues ({@link Status#WAITING}) completes only when the
 *       request ends: {@link Status#GRANTED} with its fence, {@link Status#CANCELLED} after a
 *       {@link LockCommand.Cancel}, or {@link Status#UNKNOWN_SESSION} when its session ended;
 *   <li>a command submitted again with the same invocation id is applied at most once (the state
 *       machine stores results per invocation), so callers may retry after a timeout;
 *   <li>commands from one thread are applied in the order submitted.
 * </ul>
 *
 * <p>Thread-safe. Completion callbacks may run on the engine's thread: do not block in them.
 */
public interface LockEngine extends AutoCloseable {

  /** Applies a command; see the interface contract for when the future completes. */
  CompletableFuture<LockResult> submit(LockCommand command);

  /** The current state of one resource; empty when nobody holds or waits for it. */
  CompletableFuture<Optional<LockView>> view(String resource);

  /** Every resource somebody holds or waits for, sorted by name. */
  CompletableFuture<List<LockView>> views();

  /** The lock table's counters. */
  CompletableFuture<LockStats> stats();

  /**
   * The id of the node that currently orders commands (the Raft leader), if known. Non-blocking.
   * An in-process engine has none.
   */
  default Optional<String> leaderId() {
    return Optional.empty();
  }

  /** Stops the engine; pending futures fail with a {@link LockException}. Idempotent. */
  @Override
  void close();
}
