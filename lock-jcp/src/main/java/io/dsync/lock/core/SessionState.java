package io.dsync.lock.core;

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
  /** Results by sequence; the smallest are dropped beyond the table's per-session capacity. */
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

  void store(long sequence, LockResult result, int capacity) {
    results.put(sequence, result);
    while (results.size() > capacity) {
      Map.Entry<Long, LockResult> first = results.pollFirstEntry();
      floorSequence = Math.max(floorSequence, first.getKey());
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
