package io.dsync.lock.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client session: its lease, which of its invocations were applied and the stored results of
 * the recent ones (so a retry applies once and gets the same answer), and how many of its owners
 * hold or wait on each resource (so its end finds them). Mutable, table-private.
 */
final class SessionState {
  final long id;
  long leaseMillis;
  long expiresAt;
  /**
   * Results by sequence, in the order they were applied (the same on every replica, and kept by
   * snapshots); beyond the table's per-session capacity the longest-kept are dropped, except
   * those of queued acquires (see {@link #store}). Dropping a result never makes its sequence
   * look unapplied: {@link #applied} remembers that.
   */
  final LinkedHashMap<Long, LockResult> results = new LinkedHashMap<>();
  /** Sequences above {@link #ackedThrough} that were applied (exactly). */
  final AppliedSequences applied = new AppliedSequences();
  /**
   * The client promised never to send a sequence at or below this again (Raft thesis §6.3); also
   * raised past the oldest applied range when a session has more than the table's range
   * capacity of separate ranges (see {@link #store}).
   */
  long ackedThrough;
  /** Separate applied ranges per stored result of capacity, for tables sized by results alone. */
  static final int RANGES_PER_RESULT = 4;
  /** Resource name to the number of this session's holds and waits on it. */
  final TreeMap<String, Integer> refs = new TreeMap<>();

  SessionState(long id, long leaseMillis, long expiresAt) {
    this.id = id;
    this.leaseMillis = leaseMillis;
    this.expiresAt = expiresAt;
  }

  /**
   * Records that {@code sequence} was applied with {@code result}; beyond {@code capacity} stored
   * results drops the longest-kept ones, except those of acquires still queued ({@link Status#WAITING}):
   * a queued acquire is still in flight at its client, which re-sends it until it ends, so its
   * retries must keep finding it (a session's other threads may run hundreds of commands while
   * one of them waits). At most one such result per owner of the session exists.
   */
  void store(long sequence, LockResult result, int capacity, int rangeCapacity) {
    applied.add(sequence);
    if (applied.rangeCount() > rangeCapacity) {
      // Sparse sequences (a REST session's are clock-based) make one range each and are never
      // acknowledged: forget the oldest as if acknowledged, so memory stays bounded. Results of
      // queued acquires stay (their re-sends find them before any staleness check).
      long through = applied.firstRangeEnd();
      results.entrySet().removeIf(e -> e.getKey() <= through && e.getValue().status() != Status.WAITING);
      applied.forgetThrough(through);
      ackedThrough = Math.max(ackedThrough, through);
    }
    results.put(sequence, result);
    if (results.size() <= capacity) {
      return;
    }
    for (Iterator<Map.Entry<Long, LockResult>> it = results.entrySet().iterator();
        it.hasNext() && results.size() > capacity; ) {
      if (it.next().getValue().status() != Status.WAITING) {
        it.remove();
      }
    }
  }

  /** Forgets everything up to {@code sequence}: the client promised not to send it again. */
  void acknowledge(long sequence) {
    if (sequence > ackedThrough) {
      results.keySet().removeIf(k -> k <= sequence);
      applied.forgetThrough(sequence);
      ackedThrough = sequence;
    }
  }

  /** Replaces a stored result if it is still kept (a queued acquire later granted or cancelled). */
  void update(long sequence, LockResult result) {
    results.computeIfPresent(sequence, (k, v) -> result);
  }

  void addRef(String resource) {
    refs.merge(resource, 1, Integer::sum);
  }

  void removeRef(String resource) {
    refs.computeIfPresent(resource, (k, v) -> v == 1 ? null : v - 1);
  }
}
