package io.dsync.lock.service;

import io.dsync.raft.RaftNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A {@link LockLog} over one Raft group on this node ({@link RaftNode}). Thread-safe, non-blocking. */
public final class RaftNodeLockLog implements LockLog {
  private final RaftNode raft;

  /** A log over {@code raft}, whose state machine must be the lock table's {@link LockStateMachine}. */
  public RaftNodeLockLog(RaftNode raft) {
    this.raft = raft;
  }

  /**
   * Completes on the Raft thread ({@link RaftNode#submitDirect}): the engine's continuation only
   * decodes the result and completes the caller's future, whose own dependents never block (the
   * REST resource resumes its responses on another executor).
   */
  @Override
  public CompletableFuture<byte[]> submit(byte[] entry) {
    return raft.submitDirect(entry);
  }

  @Override
  public CompletableFuture<byte[]> read(byte[] query) {
    return raft.read(query);
  }

  @Override
  public Optional<String> leaderId() {
    return raft.leaderId();
  }

  @Override
  public boolean isLeader() {
    return raft.isLeader();
  }
}
