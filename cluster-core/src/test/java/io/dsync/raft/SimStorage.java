package io.dsync.raft;

import io.dsync.raft.core.HardState;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.SnapshotImage;
import io.dsync.raft.log.RaftStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A simulated disk for one Raft server: writes are buffered until a sync reaches them; a
 * crash keeps the synced state plus a random prefix of the unsynced writes (what the OS
 * happened to flush). Every append is also checked against a cluster-wide registry of
 * (index, term) entries: the Log Matching property (§5.3) by induction.
 */
final class SimStorage implements RaftStorage {

  /** Cluster-wide record of every (index, term) ever written: payload and previous term. */
  static final class Registry {
    private final TreeMap<Long, TreeMap<Long, Object[]>> entries = new TreeMap<>();

    void check(LogEntry e, long prevTerm) {
      TreeMap<Long, Object[]> byTerm = entries.computeIfAbsent(e.index(), k -> new TreeMap<>());
      Object[] seen = byTerm.get(e.term());
      if (seen == null) {
        byTerm.put(e.term(), new Object[] {e, prevTerm});
        return;
      }
      if (!seen[0].equals(e) || (long) seen[1] != prevTerm) {
        throw new AssertionError("log matching violated at " + e + ": seen " + seen[0] + " after term "
            + seen[1] + ", now after term " + prevTerm);
      }
    }
  }

  private static final class State {
    HardState hard = HardState.INITIAL;
    SnapshotImage snapshot;
    TreeMap<Long, LogEntry> log = new TreeMap<>();

    State copy() {
      State s = new State();
      s.hard = hard;
      s.snapshot = snapshot;
      s.log = new TreeMap<>(log);
      return s;
    }
  }

  private record Op(long seq, HardState hard, long truncateFrom, List<LogEntry> entries) {}

  private final Registry registry;
  private State durable = new State();
  private State live = new State();
  private final ArrayDeque<Op> unsynced = new ArrayDeque<>();
  private long opSeq;

  SimStorage(Registry registry) {
    this.registry = registry;
  }

  @Override
  public PersistedState load() {
    return new PersistedState(live.hard, live.snapshot, new ArrayList<>(live.log.values()));
  }

  @Override
  public void saveHardState(HardState state) {
    push(new Op(++opSeq, state, 0, null));
  }

  @Override
  public void truncateFrom(long fromIndex) {
    push(new Op(++opSeq, null, fromIndex, null));
  }

  @Override
  public void append(List<LogEntry> entries) {
    for (LogEntry e : entries) {
      long prevTerm;
      if (e.index() == 1) {
        prevTerm = 0;
      } else if (live.snapshot != null && live.snapshot.index() == e.index() - 1) {
        prevTerm = live.snapshot.term();
      } else {
        LogEntry p = live.log.get(e.index() - 1);
        if (p == null) {
          throw new AssertionError("append " + e + " leaves a gap");
        }
        prevTerm = p.term();
      }
      registry.check(e, prevTerm);
      live.log.put(e.index(), e);
    }
    push(new Op(++opSeq, null, 0, List.copyOf(entries)));
  }

  private void push(Op op) {
    if (op.hard != null) {
      live.hard = op.hard;
    }
    if (op.truncateFrom > 0) {
      live.log.tailMap(op.truncateFrom, true).clear();
    }
    unsynced.addLast(op);
  }

  private static void applyTo(State s, Op op) {
    if (op.hard != null) {
      s.hard = op.hard;
    }
    if (op.truncateFrom > 0) {
      s.log.tailMap(op.truncateFrom, true).clear();
    }
    if (op.entries != null) {
      for (LogEntry e : op.entries) {
        if (s.snapshot == null || e.index() > s.snapshot.index()) {
          s.log.put(e.index(), e);
        }
      }
    }
  }

  @Override
  public void installSnapshot(SnapshotImage snapshot) {
    sync();
    for (State s : new State[] {durable, live}) {
      LogEntry at = s.log.get(snapshot.index());
      boolean keep = at != null && at.term() == snapshot.term();
      if (keep) {
        s.log.headMap(snapshot.index(), true).clear();
      } else {
        s.log.clear();
      }
      s.snapshot = snapshot;
    }
  }

  /** The sequence number of the newest write: pass to {@link #syncTo} when that sync ends. */
  long mark() {
    return opSeq;
  }

  /** Makes writes up to {@code mark} durable. */
  void syncTo(long mark) {
    while (!unsynced.isEmpty() && unsynced.peekFirst().seq <= mark) {
      applyTo(durable, unsynced.pollFirst());
    }
  }

  @Override
  public void sync() {
    syncTo(opSeq);
  }

  /** Power loss: keep the durable state and a random prefix of the unsynced writes. */
  void crash(Random random) {
    int keep = unsynced.isEmpty() ? 0 : random.nextInt(unsynced.size() + 1);
    for (int i = 0; i < keep; i++) {
      applyTo(durable, unsynced.pollFirst());
    }
    unsynced.clear();
    live = durable.copy();
  }

  @Override
  public void close() {}
}
