package io.dsync.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.jcache.config.DsyncConfiguration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Goal: the cache behaves like a plain map (unbounded) and like an access-ordered
 * {@link LinkedHashMap} with a size bound (bounded, single thread: exact LRU). Method: a seeded
 * random sequence of operations runs against the cache and the model; every result and the final
 * contents must agree. A failure names the seed and the step.
 */
class DsyncCacheModelTest {

  private static final long[] SEEDS = {1L, 42L, 20261124L};
  private final DsyncCachingProvider provider = new DsyncCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  private Cache<Integer, Integer> cache(String name, long capacity, boolean byValue) {
    DsyncConfiguration<Integer, Integer> cfg = new DsyncConfiguration<>();
    cfg.setTypes(Integer.class, Integer.class);
    cfg.setStoreByValue(byValue);
    cfg.setCapacity(capacity);
    return provider.getCacheManager().createCache(name, cfg);
  }

  @Test
  void unbounded_matchesHashMap() {
    for (long seed : SEEDS) {
      for (boolean byValue : new boolean[] {true, false}) {
        Cache<Integer, Integer> cache = cache("u-" + seed + "-" + byValue, 0, byValue);
        Map<Integer, Integer> model = new HashMap<>();
        Random random = new Random(seed);
        for (int step = 0; step < 20_000; step++) {
          int k = random.nextInt(64);
          int v = random.nextInt(8);
          int op = random.nextInt(12);
          String at = "seed " + seed + " step " + step + " op " + op + " key " + k;
          Object expected;
          Object actual;
          switch (op) {
            case 0: cache.put(k, v); model.put(k, v); expected = actual = null; break;
            case 1: expected = model.get(k); actual = cache.get(k); break;
            case 2: expected = model.containsKey(k); actual = cache.containsKey(k); break;
            case 3: expected = model.remove(k) != null; actual = cache.remove(k); break;
            case 4: expected = model.putIfAbsent(k, v) == null; actual = cache.putIfAbsent(k, v); break;
            case 5: expected = model.put(k, v); actual = cache.getAndPut(k, v); break;
            case 6: expected = model.remove(k); actual = cache.getAndRemove(k); break;
            case 7: expected = model.replace(k, v) != null; actual = cache.replace(k, v); break;
            case 8: expected = model.replace(k, v); actual = cache.getAndReplace(k, v); break;
            case 9: {
              int old = random.nextInt(8);
              expected = model.replace(k, old, v);
              actual = cache.replace(k, old, v);
              break;
            }
            case 10: expected = model.remove(k, v); actual = cache.remove(k, v); break;
            default: {
              expected = model.merge(k, 1, Integer::sum);
              actual = cache.invoke(k, (e, args) -> {
                e.setValue(e.exists() ? e.getValue() + 1 : 1);
                return e.getValue();
              });
            }
          }
          assertThat(actual).as(at).isEqualTo(expected);
        }
        Map<Integer, Integer> contents = new HashMap<>();
        cache.forEach(e -> contents.put(e.getKey(), e.getValue()));
        assertThat(contents).as("seed %d final contents", seed).isEqualTo(model);
      }
    }
  }

  /** An access-ordered map bounded like the cache. */
  private static final class LruModel extends LinkedHashMap<Integer, Integer> {
    private final int capacity;

    LruModel(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
      return size() > capacity;
    }
  }

  @Test
  void bounded_matchesAccessOrderedLinkedHashMap() {
    for (long seed : SEEDS) {
      int capacity = 16;
      Cache<Integer, Integer> cache = cache("b-" + seed, capacity, false);
      DsyncCache<Integer, Integer> dsync = cache.unwrap(DsyncCache.class);
      LruModel model = new LruModel(capacity);
      Random random = new Random(seed);
      for (int step = 0; step < 20_000; step++) {
        int k = random.nextInt(40);
        int v = random.nextInt(8);
        int op = random.nextInt(5);
        String at = "seed " + seed + " step " + step + " op " + op + " key " + k;
        switch (op) {
          case 0: cache.put(k, v); model.put(k, v); break;
          case 1: assertThat(cache.get(k)).as(at).isEqualTo(model.get(k)); break;
          case 2: assertThat(cache.remove(k)).as(at).isEqualTo(model.remove(k) != null); break;
          case 3: assertThat(cache.replace(k, v)).as(at).isEqualTo(model.replace(k, v) != null); break;
          default: assertThat(dsync.isPresent(k)).as(at).isEqualTo(model.containsKey(k));
        }
        assertThat(dsync.size()).as(at).isEqualTo(model.size());
      }
      for (Map.Entry<Integer, Integer> e : model.entrySet()) {
        assertThat(dsync.isPresent(e.getKey())).as("seed %d key %d", seed, e.getKey()).isTrue();
      }
    }
  }
}
