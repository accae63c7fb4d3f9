package io.dsync.lock.service;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link ReplicatedLockEngine} needs from a replicated log (Raft): append an entry and get
 * its state machine result, run a linearizable read, name the leader. Implemented over the
 * node's Raft service; in tests, over a single in-process state machine.
 *
 * <p>Implementations are thread-safe and never block: failures complete the future
 * exceptionally (for Raft, with a {@code RaftException} whose kind says whether the outcome is
 * known).
 */
public interface LockLog {

  /** Appends an entry (from {@link LockStateMachine#entry}) and answers the machine's result. */
  CompletableFuture<byte[]> submit(byte[] entry);

  /** Answers a query ({@code LockQueryCodec}) against committed state. */
  CompletableFuture<byte[]> read(byte[] query);

  /** The current leader's id, if known. */
  Optional<String> leaderId();

  /** True if this node is the leader now (it then sends the expiry ticks). */
  boolean isLeader();
}
