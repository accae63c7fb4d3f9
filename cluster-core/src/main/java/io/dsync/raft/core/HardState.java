package io.dsync.raft.core;

import org.jspecify.annotations.Nullable;

/**
 * The state a server must persist before it answers a message that depends on it (§5.1,
 * Figure 2): its current term and whom it voted for in that term.
 *
 * @param term the current term, {@code >= 0}
 * @param votedFor the candidate voted for in {@code term}, or null
 */
public record HardState(long term, @Nullable String votedFor) {
  /** The state of a server that never ran. */
  public static final HardState INITIAL = new HardState(0, null);

  /** Validates the term. */
  public HardState {
    if (term < 0) {
      throw new IllegalArgumentException("term must be >= 0: " + term);
    }
  }
}
