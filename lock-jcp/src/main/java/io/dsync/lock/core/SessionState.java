package io.dsync.lock.core;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client session: its lease, the stored results of its recent invocations (so a retry applies
 * once), and how many of its owners hold or wait on each resource (so its end finds them).
 * Mutable, table-private.
 */
final class SessionState {
  final long id;
  long leaseMillis;
  long expiresAt;
  /**
   * Results by sequence; the smallest are dropped beyond the table's per-session capacity, except
   * those of queued acquires (see {@link #store}).
   */
  final TreeMap<Long, LockResult> results = new TreeMap<>();
  /** Every sequence at or below this was dropped from {@link #results}. */
  long floorSequence;
  /** Resource name to the number of this session's holds and waits on it. */
  final TreeMap<String, Integer> refs = new TreeMap<>();

  SessionState(long id, long leaseMillis, long expiresAt) {
    this.id = id;
    this.leaseMillis = leaseMillis;
    this.expiresAt = expiresAt;
  }

  /**
   * Stores a result; beyond {@code capacity} drops the smallest ones, except those of acquires
   * still queued ({@link Status#WAITING}): a queued acquire is still in flight at its client, which
   * re-sends it until it ends, so its retries must keep finding it rather than be refused as stale
   * (a session's other threads may run hundreds of commands while one of them waits). At most one
   * such result per owner of the session exists, so the bound still holds up to that.
   */
  void store(long sequence, LockResult result, int capacity) {
    results.put(sequence, result);
    if (results.size() <= capacity) {
      return;
    }
    for (Iterator<Map.Entry<Long, LockResult>> it = results.entrySet().iterator();
        it.hasNext() && results.size() > capacity; ) {
      Map.Entry<Long, LockResult> e = it.next();
      if (e.getValue().status() != Status.WAITING) {
        floorSequence = Math.max(floorSequence, e.getKey());
        it.remove();
      }
    }
  }

  /** Forgets the results up to {@code sequence}: the client promised not to retry them. */
  void acknowledge(long sequence) {
    if (sequence > floorSequence) {
      results.headMap(sequence, true).clear();
      floorSequence = sequence;
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
