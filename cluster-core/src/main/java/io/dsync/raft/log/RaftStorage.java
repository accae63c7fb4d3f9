package io.dsync.raft.log;

import io.dsync.raft.core.Effects;
import io.dsync.raft.core.HardState;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.SnapshotImage;
import java.util.List;

/**
 * Where a Raft server keeps its log, term, vote and snapshot. Writes may be buffered until
 * {@link #sync()}, except {@link #installSnapshot}, which is durable on return. Used by one
 * thread; implementations need not be thread-safe. Failures surface as
 * {@link java.io.UncheckedIOException}: the server must stop, not continue with a log it
 * cannot trust.
 */
public interface RaftStorage extends AutoCloseable {

  /** What the storage holds now (called once, at start). */
  PersistedState load();

  /** Records term and vote (durable at the next {@link #sync()}). */
  void saveHardState(HardState state);

  /** Discards entries with index {@code >= fromIndex}. */
  void truncateFrom(long fromIndex);

  /** Appends entries, which continue the log. */
  void append(List<LogEntry> entries);

  /**
   * Makes every earlier write durable, stores the snapshot durably, then discards the log
   * entries it covers. When the log does not hold the snapshot's last entry (same index and
   * term) the whole log is discarded, durably, and restarts after the snapshot: a stale suffix
   * must never survive a crash next to a newer snapshot.
   */
  void installSnapshot(SnapshotImage snapshot);

  /** Makes every earlier write durable (one fsync for all: group commit). */
  void sync();

  /** Releases files. */
  @Override
  void close();

  /** Performs the persistence part of an {@link Effects}, in its documented order (no sync). */
  static void write(RaftStorage storage, Effects e) {
    if (e.snapshot() != null) {
      storage.installSnapshot(e.snapshot());
    }
    if (e.truncateFrom() > 0) {
      storage.truncateFrom(e.truncateFrom());
    }
    if (!e.entries().isEmpty()) {
      storage.append(e.entries());
    }
    if (e.hardState() != null) {
      storage.saveHardState(e.hardState());
    }
  }
}
