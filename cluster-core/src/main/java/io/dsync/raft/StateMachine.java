package io.dsync.raft;

/**
 * A deterministic state machine replicated by Raft (for example the lock table of lock-jcp,
 * the control plane, or the test {@link io.dsync.raft.kv.KvStateMachine}).
 *
 * <p>Contract: every replica applies the same commands in the same order, so {@link #apply}
 * must depend only on the current state and its arguments — no clocks, randomness, I/O or
 * iteration over hash-ordered collections. Time, when needed, must travel inside the command.
 * All methods are called from the one Raft driver thread; an implementation need not be
 * thread-safe but must not block. A command the machine cannot parse must not throw: return an
 * error result instead, since the entry is already committed on every replica.
 */
public interface StateMachine {

  /**
   * Applies a committed command.
   *
   * @param index the entry's log index (strictly increasing across calls)
   * @param command the command bytes as submitted
   * @return the result handed back to the submitter (never null; may be empty)
   */
  byte[] apply(long index, byte[] command);

  /**
   * Answers a read-only query against the current state. Must not change state.
   *
   * @param query the query bytes as passed to {@code RaftNode.read}
   * @return the answer (never null)
   */
  byte[] query(byte[] query);

  /** Serializes the whole state (called after some {@link #apply}, between applies). */
  byte[] snapshot();

  /**
   * Replaces the whole state by a snapshot taken by {@link #snapshot()} on some replica.
   *
   * @throws IllegalArgumentException if the bytes are not a snapshot of this machine
   */
  void restore(byte[] snapshot);
}
