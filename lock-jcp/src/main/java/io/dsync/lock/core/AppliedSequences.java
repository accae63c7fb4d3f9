package io.dsync.lock.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact set of a session's invocation sequences that were applied, kept as disjoint closed
 * ranges. A client issues sequences in order and most complete in order, so the set is a handful
 * of ranges however many commands ran: one per invocation still in flight, plus one.
 *
 * <p>Why exact rather than a floor: a command can be applied for the first time long after newer
 * ones from the same session (a slow thread of a busy session), and it must be applied then, not
 * refused as old. Mutable, table-private.
 */
final class AppliedSequences {
  /** Range start to range end (inclusive); ranges neither overlap nor touch. */
  private final TreeMap<Long, Long> ranges = new TreeMap<>();

  boolean contains(long sequence) {
    Map.Entry<Long, Long> e = ranges.floorEntry(sequence);
    return e != null && e.getValue() >= sequence;
  }

  /** Adds one sequence, merging it with the ranges it touches. */
  void add(long sequence) {
    if (contains(sequence)) {
      return;
    }
    long start = sequence;
    long end = sequence;
    Map.Entry<Long, Long> below = ranges.floorEntry(sequence);
    if (below != null && below.getValue() == sequence - 1) {
      start = below.getKey();
      ranges.remove(below.getKey());
    }
    Long aboveEnd = ranges.remove(sequence + 1);
    if (aboveEnd != null) {
      end = aboveEnd;
    }
    ranges.put(start, end);
  }

  /** Adds a whole range (from a snapshot). */
  void addRange(long start, long end) {
    if (start > end) {
      throw new IllegalArgumentException("range " + start + ".." + end + " is empty");
    }
    Map.Entry<Long, Long> below = ranges.floorEntry(end + 1);
    if (below != null && below.getValue() >= start - 1) {
      throw new IllegalArgumentException("range " + start + ".." + end + " overlaps or touches "
          + below.getKey() + ".." + below.getValue());
    }
    ranges.put(start, end);
  }

  /** Forgets every sequence up to {@code sequence} (the client will not send them again). */
  void forgetThrough(long sequence) {
    while (!ranges.isEmpty() && ranges.firstKey() <= sequence) {
      Map.Entry<Long, Long> first = ranges.pollFirstEntry();
      if (first.getValue() > sequence) {
        ranges.put(sequence + 1, first.getValue());
        return;
      }
    }
  }

  /** How many separate ranges the set holds. */
  int rangeCount() {
    return ranges.size();
  }

  /** The end of the oldest range (the set must not be empty). */
  long firstRangeEnd() {
    return ranges.firstEntry().getValue();
  }

  /** The ranges, start to end, in order (read-only view for the snapshot codec). */
  Map<Long, Long> ranges() {
    return Collections.unmodifiableMap(ranges);
  }
}
