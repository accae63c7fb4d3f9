package io.dsync.jcache.store;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The local store: a {@link ConcurrentHashMap} of {@link Line}s, optionally bounded with LRU
 * eviction.
 *
 * <p>Unbounded (capacity 0): a read is one map lookup; a write is one {@code compute}.
 *
 * <p>Bounded: an access-ordered doubly linked list gives O(1) LRU bookkeeping. Reads never take a
 * lock: they record the access in a striped lossy {@link ReadBuffer}, which is drained under the
 * eviction lock when half full (by {@code tryLock}, never waiting) and before every write's
 * bookkeeping. Writes update the map first (under the key's bin lock only), then take the
 * eviction lock to link the new line and evict from the cold end. Lock order is always eviction
 * lock, then map bin; the remapping function never touches the eviction lock.
 *
 * <p>Expiry is lazy: the store keeps expiry times but never scans; the cache drops an expired line
 * when it meets it, and eviction removes cold expired lines like any other.
 *
 * <p>Thread-safe.
 */
public final class LocalStore implements Store {

  private final ConcurrentHashMap<Object, Line> map = new ConcurrentHashMap<>();
  private final long capacity;
  private final EvictionListener evictionListener;
  private final ReentrantLock evictionLock = new ReentrantLock();
  private final ReadBuffer readBuffer;
  private final Line head = new Line(null, null, Line.ETERNAL); // sentinel: head.next is coldest
  private long linkedCount;

  /**
   * Creates a store.
   *
   * @param capacity maximum number of lines, or 0 for unbounded
   * @param evictionListener told of each eviction
   * @throws IllegalArgumentException if capacity is negative
   */
  public LocalStore(long capacity, EvictionListener evictionListener) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    }
    this.capacity = capacity;
    this.evictionListener = evictionListener;
    this.readBuffer = capacity > 0 ? new ReadBuffer() : null;
    head.prev = head;
    head.next = head;
  }

  /**
   * Returns the capacity.
   *
   * @return the maximum number of lines, or 0 when unbounded
   */
  public long capacity() {
    return capacity;
  }

  @Override
  public Line get(Object key) {
    Line line = map.get(key);
    if (line != null && readBuffer != null && readBuffer.offer(line)) {
      tryDrain();
    }
    return line;
  }

  @Override
  public Line peek(Object key) {
    return map.get(key);
  }

  @Override
  public Line compute(Object key, Function<Line, Line> remap) {
    if (readBuffer == null) {
      return map.compute(key, (k, old) -> remap.apply(old));
    }
    Line[] before = new Line[1];
    Line now =
        map.compute(
            key,
            (k, old) -> {
              before[0] = old;
              Line next = remap.apply(old);
              if (old != null && next != old) {
                old.retired = true;
              }
              return next;
            });
    afterWrite(before[0], now);
    return now;
  }

  @Override
  public boolean removeIfSame(Line line) {
    boolean removed = map.remove(line.key(), line);
    if (removed && readBuffer != null) {
      line.retired = true;
      afterWrite(line, null);
    }
    return removed;
  }

  @Override
  public Iterator<Line> iterator() {
    return map.values().iterator();
  }

  @Override
  public long size() {
    return map.size();
  }

  @Override
  public void clear() {
    if (readBuffer == null) {
      map.clear();
      return;
    }
    evictionLock.lock();
    try {
      readBuffer.drain(l -> { });
      for (Line line : map.values()) {
        if (map.remove(line.key(), line)) {
          line.retired = true;
          unlink(line);
        }
      }
    } finally {
      evictionLock.unlock();
    }
  }

  private void afterWrite(Line old, Line now) {
    evictionLock.lock();
    try {
      readBuffer.drain(this::touch);
      if (old != null && old != now) {
        unlink(old);
      }
      if (now != null) {
        if (now == old) {
          touch(now);
        } else if (!now.retired) {
          linkLast(now);
        }
      }
      while (linkedCount > capacity && head.next != head) {
        Line victim = head.next;
        unlink(victim);
        if (map.remove(victim.key(), victim)) {
          victim.retired = true;
          evictionListener.onEvicted(victim);
        }
      }
    } finally {
      evictionLock.unlock();
    }
  }

  private void tryDrain() {
    if (evictionLock.tryLock()) {
      try {
        readBuffer.drain(this::touch);
      } finally {
        evictionLock.unlock();
      }
    }
  }

  private void touch(Line line) {
    if (line.linked && !line.retired) {
      unlink(line);
      linkLast(line);
    }
  }

  private void linkLast(Line line) {
    Line last = head.prev;
    line.prev = last;
    line.next = head;
    last.next = line;
    head.prev = line;
    line.linked = true;
    linkedCount++;
  }

  private void unlink(Line line) {
    if (!line.linked) {
      return;
    }
    line.prev.next = line.next;
    line.next.prev = line.prev;
    line.prev = null;
    line.next = null;
    line.linked = false;
    linkedCount--;
  }
}
