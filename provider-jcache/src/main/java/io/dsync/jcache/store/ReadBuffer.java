package io.dsync.jcache.store;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A striped, lossy, bounded buffer of read accesses, so that a read hit on a bounded cache
 * records its access with one compare-and-set instead of taking the eviction lock.
 *
 * <p>Each thread writes into the stripe chosen by its id. When a stripe is full the access is
 * dropped (the LRU order is then approximate under heavy contention, never wrong about
 * membership). The single drainer holds the store's eviction lock.
 */
final class ReadBuffer {

  private static final int STRIPES = 16;
  private static final int SIZE = 32;
  private static final int MASK = SIZE - 1;
  private static final int PAD = 8; // counters 64 bytes apart to avoid false sharing

  private final AtomicReferenceArray<Line> slots = new AtomicReferenceArray<>(STRIPES * SIZE);
  private final AtomicLongArray writeCounts = new AtomicLongArray(STRIPES * PAD);
  private final AtomicLongArray readCounts = new AtomicLongArray(STRIPES * PAD);

  /**
   * Records an access.
   *
   * @param line the line read
   * @return true when the caller should try to drain (the stripe is half full or full)
   */
  boolean offer(Line line) {
    int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
    int ci = stripe * PAD;
    long w = writeCounts.get(ci);
    long r = readCounts.get(ci);
    long used = w - r;
    if (used >= SIZE) {
      return true;
    }
    if (writeCounts.compareAndSet(ci, w, w + 1)) {
      slots.lazySet(stripe * SIZE + (int) (w & MASK), line);
      return used + 1 >= SIZE / 2;
    }
    return false;
  }

  /**
   * Hands every recorded access to {@code sink}; call only while holding the eviction lock.
   *
   * @param sink receives the lines in the order each stripe recorded them
   */
  void drain(Consumer<Line> sink) {
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      int ci = stripe * PAD;
      long r = readCounts.get(ci);
      long w = writeCounts.get(ci);
      while (r < w) {
        int idx = stripe * SIZE + (int) (r & MASK);
        Line line = slots.get(idx);
        if (line == null) {
          break; // claimed but not yet published; the next drain takes it
        }
        slots.lazySet(idx, null);
        sink.accept(line);
        r++;
      }
      readCounts.lazySet(ci, r);
    }
  }
}
