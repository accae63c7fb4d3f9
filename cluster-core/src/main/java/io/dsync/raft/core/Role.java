package io.dsync.raft.core;

/** The role a Raft server plays in its current term. */
public enum Role {
  /** Follows a leader (or waits for one). */
  FOLLOWER,
  /** Asking for pre-votes without raising its term (thesis §9.6). */
  PRE_CANDIDATE,
  /** Raised its term and asks for votes (§5.2). */
  CANDIDATE,
  /** Replicates its log to the others (§5.3). */
  LEADER
}
