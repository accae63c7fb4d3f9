package io.dsync.raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory view of the log: a snapshot base plus the entries after it, and the
 * configurations found in them. Not thread-safe.
 */
final class RaftLog {
  private long snapshotIndex;
  private long snapshotTerm;
  private @Nullable SnapshotImage snapshot;
  private Membership baseMembership;
  private final ArrayList<LogEntry> entries = new ArrayList<>();
  private final TreeMap<Long, Membership> configs = new TreeMap<>();

  RaftLog(@Nullable SnapshotImage snapshot, Membership bootstrap) {
    if (snapshot != null) {
      this.snapshot = snapshot;
      this.snapshotIndex = snapshot.index();
      this.snapshotTerm = snapshot.term();
      this.baseMembership = snapshot.membership();
    } else {
      this.baseMembership = bootstrap;
    }
  }

  long snapshotIndex() {
    return snapshotIndex;
  }

  long snapshotTerm() {
    return snapshotTerm;
  }

  @Nullable SnapshotImage snapshot() {
    return snapshot;
  }

  long lastIndex() {
    return snapshotIndex + entries.size();
  }

  long lastTerm() {
    return entries.isEmpty() ? snapshotTerm : entries.get(entries.size() - 1).term();
  }

  /** Term at {@code i}, or -1 when unknown (compacted away or beyond the end). */
  long term(long i) {
    if (i == snapshotIndex) {
      return snapshotTerm;
    }
    if (i < snapshotIndex || i > lastIndex()) {
      return -1;
    }
    return entries.get((int) (i - snapshotIndex - 1)).term();
  }

  LogEntry get(long i) {
    if (i <= snapshotIndex || i > lastIndex()) {
      throw new IllegalArgumentException("no entry " + i + " in (" + snapshotIndex + ", " + lastIndex() + "]");
    }
    return entries.get((int) (i - snapshotIndex - 1));
  }

  boolean matches(long index, long term) {
    long t = term(index);
    return t >= 0 && t == term;
  }

  /** §5.4.1: is a log ending at (index, term) at least as up to date as ours? */
  boolean isUpToDate(long index, long term) {
    long myTerm = lastTerm();
    return term > myTerm || (term == myTerm && index >= lastIndex());
  }

  List<LogEntry> slice(long from, int maxCount, int maxBytes) {
    List<LogEntry> out = new ArrayList<>();
    int bytes = 0;
    for (long i = from; i <= lastIndex() && out.size() < maxCount; i++) {
      LogEntry e = get(i);
      if (!out.isEmpty() && bytes + e.sizeBytes() > maxBytes) {
        break;
      }
      bytes += e.sizeBytes();
      out.add(e);
    }
    return out;
  }

  List<LogEntry> between(long fromInclusive, long toInclusive) {
    List<LogEntry> out = new ArrayList<>();
    for (long i = fromInclusive; i <= toInclusive; i++) {
      out.add(get(i));
    }
    return out;
  }

  void append(LogEntry e) {
    if (e.index() != lastIndex() + 1) {
      throw new IllegalStateException("append " + e.index() + " after " + lastIndex());
    }
    if (e.term() < lastTerm()) {
      throw new IllegalStateException("term goes backwards at " + e.index());
    }
    entries.add(e);
    if (e.type() == EntryType.CONFIG) {
      configs.put(e.index(), Membership.decode(e.data()));
    }
  }

  void truncateFrom(long from) {
    if (from <= snapshotIndex) {
      throw new IllegalStateException("truncate " + from + " at or below snapshot " + snapshotIndex);
    }
    while (lastIndex() >= from) {
      entries.remove(entries.size() - 1);
    }
    configs.tailMap(from, true).clear();
  }

  /** Drops entries up to {@code s.index()}, which must be in the log with the same term. */
  void compact(SnapshotImage s) {
    if (s.index() < snapshotIndex) {
      throw new IllegalStateException("snapshot " + s.index() + " older than " + snapshotIndex);
    }
    if (term(s.index()) != s.term()) {
      throw new IllegalStateException("snapshot term mismatch at " + s.index());
    }
    int drop = (int) (s.index() - snapshotIndex);
    entries.subList(0, drop).clear();
    configs.headMap(s.index(), true).clear();
    snapshot = s;
    snapshotIndex = s.index();
    snapshotTerm = s.term();
    baseMembership = s.membership();
  }

  /** Replaces the whole log by the snapshot. */
  void reset(SnapshotImage s) {
    entries.clear();
    configs.clear();
    snapshot = s;
    snapshotIndex = s.index();
    snapshotTerm = s.term();
    baseMembership = s.membership();
  }

  Membership membership() {
    return configs.isEmpty() ? baseMembership : configs.lastEntry().getValue();
  }

  Membership membershipAt(long index) {
    Map.Entry<Long, Membership> e = configs.floorEntry(index);
    return e == null ? baseMembership : e.getValue();
  }

  /** Index of the newest configuration entry, or the snapshot index when none is in the log. */
  long membershipIndex() {
    return configs.isEmpty() ? snapshotIndex : configs.lastKey();
  }

  /** First index of the run of entries sharing {@code index}'s term, not below {@code floor}. */
  long firstIndexOfTermRun(long index, long floor) {
    long t = term(index);
    long i = index;
    while (i - 1 > snapshotIndex && i - 1 >= floor && term(i - 1) == t) {
      i--;
    }
    return i;
  }

  /** Last index at or below {@code upTo} whose term is {@code t}, or 0 when none. */
  long lastIndexOfTerm(long t, long upTo) {
    for (long i = Math.min(upTo, lastIndex()); i > snapshotIndex; i--) {
      long ti = term(i);
      if (ti == t) {
        return i;
      }
      if (ti < t) {
        return 0;
      }
    }
    return 0;
  }
}
