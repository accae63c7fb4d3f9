package io.dsync.raft.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a server's disk kept: the input to {@link RaftCore}'s constructor after a restart.
 *
 * @param hardState term and vote
 * @param snapshot the newest snapshot, or null
 * @param entries log entries in index order; entries at or below the snapshot index are ignored
 */
public record PersistedState(HardState hardState, @Nullable SnapshotImage snapshot, List<LogEntry> entries) {
  /** The state of a brand-new server. */
  public static final PersistedState EMPTY = new PersistedState(HardState.INITIAL, null, List.of());

  /** Copies the entry list. */
  public PersistedState {
    entries = List.copyOf(entries);
  }
}
