package io.dsync.lock.service;

import io.dsync.raft.core.HardState;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.SnapshotImage;
import io.dsync.raft.log.RaftStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Raft storage in memory for the simulation. The simulation syncs after every input, so a crash
 * keeps everything written: what a node acknowledged survives it, as on a real disk after fsync.
 */
final class MemRaftStorage implements RaftStorage {
  private HardState hard = HardState.INITIAL;
  private SnapshotImage snapshot;
  private final TreeMap<Long, LogEntry> log = new TreeMap<>();

  @Override
  public PersistedState load() {
    return new PersistedState(hard, snapshot, new ArrayList<>(log.values()));
  }

  @Override
  public void saveHardState(HardState state) {
    hard = state;
  }

  @Override
  public void truncateFrom(long fromIndex) {
    log.tailMap(fromIndex, true).clear();
  }

  @Override
  public void append(List<LogEntry> entries) {
    for (LogEntry e : entries) {
      log.tailMap(e.index(), true).clear();
      log.put(e.index(), e);
    }
  }

  @Override
  public void installSnapshot(SnapshotImage s) {
    if (snapshot != null && s.index() <= snapshot.index()) {
      return;
    }
    LogEntry at = log.get(s.index());
    if (at != null && at.term() == s.term()) {
      log.headMap(s.index(), true).clear();
    } else {
      log.clear();
    }
    snapshot = s;
  }

  @Override
  public void sync() {}

  @Override
  public void close() {}
}
