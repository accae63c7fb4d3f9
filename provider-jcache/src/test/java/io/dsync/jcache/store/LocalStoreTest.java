package io.dsync.jcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalStoreTest {

  private final List<Object> evicted = new ArrayList<>();

  private LocalStore store(long capacity) {
    return new LocalStore(capacity, line -> evicted.add(line.key()));
  }

  private static void put(Store s, Object key, Object value) {
    s.compute(key, cur -> {
      if (cur == null) {
        return new Line(key, value, Line.ETERNAL);
      }
      cur.setValue(value);
      return cur;
    });
  }

  @Test
  void put_beyondCapacity_evictsLeastRecentlyInserted() {
    LocalStore s = store(3);
    put(s, "a", 1);
    put(s, "b", 2);
    put(s, "c", 3);
    put(s, "d", 4);
    assertThat(evicted).containsExactly("a");
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.peek("a")).isNull();
  }

  @Test
  void get_movesEntryToMostRecent_soTheColdestIsEvicted() {
    LocalStore s = store(3);
    put(s, "a", 1);
    put(s, "b", 2);
    put(s, "c", 3);
    s.get("a");
    put(s, "d", 4);
    assertThat(evicted).containsExactly("b");
    s.get("c");
    put(s, "e", 5);
    assertThat(evicted).containsExactly("b", "a");
  }

  @Test
  void update_countsAsUse() {
    LocalStore s = store(2);
    put(s, "a", 1);
    put(s, "b", 2);
    put(s, "a", 10);
    put(s, "c", 3);
    assertThat(evicted).containsExactly("b");
    assertThat(s.peek("a").value()).isEqualTo(10);
  }

  @Test
  void peek_doesNotCountAsUse() {
    LocalStore s = store(2);
    put(s, "a", 1);
    put(s, "b", 2);
    s.peek("a");
    put(s, "c", 3);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void remove_freesRoom_noEviction() {
    LocalStore s = store(2);
    put(s, "a", 1);
    put(s, "b", 2);
    s.compute("a", cur -> null);
    put(s, "c", 3);
    assertThat(evicted).isEmpty();
    assertThat(s.size()).isEqualTo(2);
  }

  @Test
  void removeIfSame_onlyRemovesThatLine() {
    LocalStore s = store(0);
    put(s, "a", 1);
    Line first = s.peek("a");
    s.compute("a", cur -> new Line("a", 2, Line.ETERNAL));
    assertThat(s.removeIfSame(first)).isFalse();
    assertThat(s.peek("a").value()).isEqualTo(2);
    assertThat(s.removeIfSame(s.peek("a"))).isTrue();
    assertThat(s.size()).isZero();
  }

  @Test
  void clear_thenRefill_keepsCapacityBookkeeping() {
    LocalStore s = store(2);
    put(s, "a", 1);
    put(s, "b", 2);
    s.clear();
    put(s, "c", 3);
    put(s, "d", 4);
    assertThat(evicted).isEmpty();
    put(s, "e", 5);
    assertThat(evicted).containsExactly("c");
  }

  @Test
  void unbounded_neverEvicts() {
    LocalStore s = store(0);
    for (int i = 0; i < 10_000; i++) {
      put(s, i, i);
    }
    assertThat(s.size()).isEqualTo(10_000);
    assertThat(evicted).isEmpty();
  }

  @Test
  void negativeCapacity_rejectedWithReason() {
    assertThatThrownBy(() -> new LocalStore(-1, line -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }

  @Test
  void concurrentReadsAndWrites_stayWithinCapacity() throws Exception {
    long seed = System.nanoTime();
    LocalStore s = new LocalStore(100, line -> { });
    int threads = 4;
    CountDownLatch done = new CountDownLatch(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      Random random = new Random(seed + t);
      new Thread(() -> {
        try {
          for (int i = 0; i < 20_000; i++) {
            int key = random.nextInt(500);
            if (random.nextInt(5) == 0) {
              put(s, key, i);
            } else if (random.nextInt(50) == 0) {
              s.compute(key, cur -> null);
            } else {
              s.get(key);
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    assertThat(failure.get()).as("seed %d", seed).isNull();
    assertThat(s.size()).as("seed %d", seed).isLessThanOrEqualTo(100);
    put(s, "last", 0);
    assertThat(s.size()).as("seed %d", seed).isLessThanOrEqualTo(100);
    assertThat(s.peek("last")).isNotNull();
  }
}
