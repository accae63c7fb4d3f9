package io.dsync.bench.jcache;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One harness for the three JSR-107 providers, through the standard API only: dsync, Caffeine's
 * JCache adapter and Ehcache 3. Each is configured the same way (a plain
 * {@link MutableConfiguration}: unbounded, no statistics, no listeners, eternal), once storing by
 * value and once by reference. 10,000 keys are preloaded; values are small mutable
 * {@link Payload}s so that store-by-value copies in every provider.
 *
 * <p>Rows: a read hit, an update, an 80/20 read/update mix, each at 1 and 2 threads.
 * Full run: see {@code bench/jcache/README.md}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class JCacheBenchmark {

  /** Number of distinct keys. */
  public static final int KEYS = 10_000;

  /** Which provider. */
  @Param({"dsync", "caffeine", "ehcache"})
  public String provider;

  /** Store by value (copies) or by reference. */
  @Param({"value", "reference"})
  public String storeBy;

  private CacheManager manager;
  private Cache<Integer, Payload> cache;
  private final Integer[] keys = new Integer[KEYS];
  private final Payload[] values = new Payload[KEYS];

  /** Per-thread random key choice, cheap and unshared. */
  @State(Scope.Thread)
  public static class Cursor {
    private final SplittableRandom random = new SplittableRandom(Thread.currentThread().getId() * 31 + 7);

    int nextIndex() {
      return random.nextInt(KEYS);
    }

    boolean write() {
      return random.nextInt(100) < 20;
    }
  }

  static String providerClass(String name) {
    switch (name) {
      case "dsync":
        return "io.dsync.jcache.DsyncCachingProvider";
      case "caffeine":
        return "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
      case "ehcache":
        return "org.ehcache.jsr107.EhcacheCachingProvider";
      default:
        throw new IllegalArgumentException("unknown provider " + name + ": dsync, caffeine or ehcache");
    }
  }

  /** Opens the provider's cache and preloads every key. */
  @Setup(Level.Trial)
  public void setUp() {
    CachingProvider cp = Caching.getCachingProvider(providerClass(provider));
    manager = cp.getCacheManager();
    MutableConfiguration<Integer, Payload> cfg = new MutableConfiguration<>();
    cfg.setTypes(Integer.class, Payload.class);
    cfg.setStoreByValue("value".equals(storeBy));
    String name = "bench-" + provider + "-" + storeBy;
    if (manager.getCache(name, Integer.class, Payload.class) != null) {
      manager.destroyCache(name);
    }
    cache = manager.createCache(name, cfg);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = i;
      values[i] = new Payload(i);
      cache.put(keys[i], values[i]);
    }
    if (cache.get(keys[KEYS - 1]) == null) {
      throw new IllegalStateException(provider + " lost a preloaded key");
    }
  }

  /** Closes the provider. */
  @TearDown(Level.Trial)
  public void tearDown() {
    manager.destroyCache(cache.getName());
    manager.getCachingProvider().close();
  }

  private Payload getHit(Cursor c) {
    return cache.get(keys[c.nextIndex()]);
  }

  private void put(Cursor c) {
    int i = c.nextIndex();
    cache.put(keys[i], values[i]);
  }

  private Object mix(Cursor c) {
    int i = c.nextIndex();
    if (c.write()) {
      cache.put(keys[i], values[i]);
      return null;
    }
    return cache.get(keys[i]);
  }

  /**
   * Read hit, one thread.
   *
   * @param c the thread's cursor
   * @return the value (consumed by JMH)
   */
  @Benchmark
  @Threads(1)
  public Payload getHit_1t(Cursor c) {
    return getHit(c);
  }

  /**
   * Read hit, two threads.
   *
   * @param c the thread's cursor
   * @return the value
   */
  @Benchmark
  @Threads(2)
  public Payload getHit_2t(Cursor c) {
    return getHit(c);
  }

  /**
   * Update of a present key, one thread.
   *
   * @param c the thread's cursor
   */
  @Benchmark
  @Threads(1)
  public void put_1t(Cursor c) {
    put(c);
  }

  /**
   * Update of a present key, two threads.
   *
   * @param c the thread's cursor
   */
  @Benchmark
  @Threads(2)
  public void put_2t(Cursor c) {
    put(c);
  }

  /**
   * 80% reads, 20% updates, one thread.
   *
   * @param c the thread's cursor
   * @return the value read, or null
   */
  @Benchmark
  @Threads(1)
  public Object mix80_20_1t(Cursor c) {
    return mix(c);
  }

  /**
   * 80% reads, 20% updates, two threads.
   *
   * @param c the thread's cursor
   * @return the value read, or null
   */
  @Benchmark
  @Threads(2)
  public Object mix80_20_2t(Cursor c) {
    return mix(c);
  }
}
