package io.dsync.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.jcache.config.CoherenceMode;
import io.dsync.jcache.config.DsyncConfiguration;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DsyncCacheVendorTest {

  private final DsyncCachingProvider provider = new DsyncCachingProvider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private CacheManager manager() {
    return provider.getCacheManager();
  }

  private static List<Integer> keysOf(Cache<Integer, String> cache) {
    List<Integer> keys = new ArrayList<>();
    cache.forEach(e -> keys.add(e.getKey()));
    return keys;
  }

  @Test
  void serviceLoader_findsDsync() {
    CachingProvider found = Caching.getCachingProvider(DsyncCachingProvider.class.getName());
    assertThat(found).isInstanceOf(DsyncCachingProvider.class);
  }

  @Test
  void capacity_evictsLeastRecentlyUsed_andCountsEvictions() {
    DsyncConfiguration<Integer, String> cfg = new DsyncConfiguration<>();
    cfg.setTypes(Integer.class, String.class);
    cfg.setStatisticsEnabled(true);
    cfg.setCapacity(3);
    Cache<Integer, String> cache = manager().createCache("lru", cfg);
    cache.put(1, "a");
    cache.put(2, "b");
    cache.put(3, "c");
    cache.get(1); // 2 is now the coldest
    cache.put(4, "d");
    assertThat(cache.containsKey(2)).isFalse();
    assertThat(keysOf(cache)).containsExactlyInAnyOrder(1, 3, 4);
    cache.put(5, "e"); // 3 is the coldest now (iteration above touched 1, 3, 4 in map order)
    DsyncCache<Integer, String> dsync = cache.unwrap(DsyncCache.class);
    assertThat(dsync.size()).isEqualTo(3);
    assertThat(dsync.statistics().getCacheEvictions()).isEqualTo(2);
  }

  @Test
  void capacity_exactLruOrder_withoutIteration() {
    DsyncConfiguration<Integer, String> cfg = new DsyncConfiguration<>();
    cfg.setCapacity(3);
    cfg.setStatisticsEnabled(true);
    Cache<Integer, String> cache = manager().createCache("order", cfg);
    cache.put(1, "a");
    cache.put(2, "b");
    cache.put(3, "c");
    cache.get(2);
    cache.get(1);
    cache.put(4, "d"); // evicts 3
    cache.put(5, "e"); // evicts 2
    DsyncCache<Integer, String> dsync = cache.unwrap(DsyncCache.class);
    assertThat(dsync.isPresent(3)).isFalse();
    assertThat(dsync.isPresent(2)).isFalse();
    assertThat(dsync.isPresent(1)).isTrue();
    assertThat(dsync.isPresent(4)).isTrue();
    assertThat(dsync.isPresent(5)).isTrue();
    assertThat(dsync.statistics().getCacheEvictions()).isEqualTo(2);
    dsync.statistics().clear();
    assertThat(dsync.statistics().getCacheEvictions()).isZero();
  }

  @Test
  void capacity_fromManagerProperties_appliesToPlainConfiguration() {
    Properties props = new Properties();
    props.setProperty(DsyncConfiguration.CAPACITY_PROPERTY, "2");
    CacheManager m = provider.getCacheManager(URI.create("dsync:props"), getClass().getClassLoader(), props);
    Cache<Integer, String> cache = m.createCache("plain", new MutableConfiguration<Integer, String>());
    cache.put(1, "a");
    cache.put(2, "b");
    cache.put(3, "c");
    assertThat(cache.unwrap(DsyncCache.class).size()).isEqualTo(2);
    assertThat(cache.containsKey(1)).isFalse();
    assertThat(cache.getConfiguration(DsyncConfiguration.class).getCapacity()).isEqualTo(2);
  }

  @Test
  void capacity_fromUriQuery() {
    CacheManager m = provider.getCacheManager(URI.create("dsync:embedded?capacity=1"), null);
    Cache<String, String> cache = m.createCache("uri", new MutableConfiguration<String, String>());
    cache.put("x", "1");
    cache.put("y", "2");
    assertThat(cache.containsKey("x")).isFalse();
    assertThat(cache.containsKey("y")).isTrue();
  }

  @Test
  void uriWithQuery_managementAndStatisticsMBeansRegister() throws Exception {
    CacheManager m = provider.getCacheManager(URI.create("dsync:embedded?capacity=5"), null);
    MutableConfiguration<String, String> cfg = new MutableConfiguration<>();
    cfg.setStatisticsEnabled(true).setManagementEnabled(true);
    Cache<String, String> cache = m.createCache("mbeans", cfg);
    cache.put("a", "1");
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    javax.management.ObjectName name = new javax.management.ObjectName(
        "javax.cache:type=CacheStatistics,CacheManager=dsync.embedded.capacity.5,Cache=mbeans");
    assertThat(server.getAttribute(name, "CachePuts")).isEqualTo(1L);
    cache.close();
    assertThat(server.isRegistered(name)).isFalse();
  }

  @Test
  void capacity_fromPropertiesFileUri(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("cache.properties");
    java.nio.file.Files.writeString(file, DsyncConfiguration.CAPACITY_PROPERTY + "=7\n");
    CacheManager m = provider.getCacheManager(file.toUri(), null);
    Cache<String, String> cache = m.createCache("fromFile", new MutableConfiguration<String, String>());
    assertThat(cache.getConfiguration(DsyncConfiguration.class).getCapacity()).isEqualTo(7);
  }

  @Test
  void missingPropertiesFileUri_failsNamingIt() {
    URI uri = URI.create("classpath:no/such/dsync.properties");
    assertThatThrownBy(() -> provider.getCacheManager(uri, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no/such/dsync.properties");
  }

  @Test
  void badManagerProperty_failsWithPropertyName() {
    Properties props = new Properties();
    props.setProperty(DsyncConfiguration.CAPACITY_PROPERTY, "ten");
    assertThatThrownBy(() -> provider.getCacheManager(URI.create("dsync:bad"), null, props))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DsyncConfiguration.CAPACITY_PROPERTY)
        .hasMessageContaining("ten");
  }

  @Test
  void badUriParameter_failsWithPropertyName() {
    assertThatThrownBy(() -> provider.getCacheManager(URI.create("dsync:bad?coherence=what"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DsyncConfiguration.COHERENCE_PROPERTY)
        .hasMessageContaining("what");
  }

  @Test
  void mesiCoherence_refusedUntilTheClusterLayerExists() {
    DsyncConfiguration<String, String> cfg = new DsyncConfiguration<>();
    cfg.setCoherenceMode(CoherenceMode.MESI);
    assertThatThrownBy(() -> manager().createCache("mesi", cfg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MESI")
        .hasMessageContaining("mesi");
    assertThat(manager().getCache("mesi")).isNull();
  }

  @Test
  void injectedTicker_drivesExpiry_andFiresExpiredEvent() {
    AtomicLong now = new AtomicLong(1_000_000);
    DsyncConfiguration<String, String> cfg = new DsyncConfiguration<>();
    cfg.setTicker(now::get);
    cfg.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(java.util.concurrent.TimeUnit.MINUTES, 1)));
    List<String> expired = new CopyOnWriteArrayList<>();
    ExpiredRecorder.sink = expired;
    cfg.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(ExpiredRecorder.class), null, true, true));
    Cache<String, String> cache = manager().createCache("ticker", cfg);
    cache.put("k", "v");
    now.addAndGet(59_999);
    assertThat(cache.get("k")).isEqualTo("v");
    now.addAndGet(1);
    assertThat(cache.get("k")).isNull();
    assertThat(expired).containsExactly("k=v");
  }

  @Test
  void expiredEntriesNobodyReads_areReclaimedByLaterWrites() {
    AtomicLong now = new AtomicLong(1_000_000);
    DsyncConfiguration<Integer, String> cfg = new DsyncConfiguration<>();
    cfg.setTicker(now::get);
    cfg.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(java.util.concurrent.TimeUnit.MINUTES, 1)));
    Cache<Integer, String> cache = manager().createCache("sweep", cfg);
    for (int i = 0; i < 100; i++) {
      cache.put(i, "old");
    }
    now.addAndGet(120_000);
    for (int i = 100; i < 300; i++) {
      cache.put(i, "new");
    }
    assertThat(cache.unwrap(DsyncCache.class).size()).isEqualTo(200);
  }

  @Test
  void invoke_isAtomicPerKey_underConcurrentIncrements() throws Exception {
    MutableConfiguration<String, Integer> cfg = new MutableConfiguration<>();
    cfg.setStoreByValue(false);
    Cache<String, Integer> cache = manager().createCache("counter", cfg);
    int threads = 4;
    int perThread = 5_000;
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(threads);
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      new Thread(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            cache.invoke("n", (entry, args) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
              return null;
            });
          }
        } catch (Throwable e) {
          failure.set(e);
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    assertThat(failure.get()).isNull();
    assertThat(cache.get("n")).isEqualTo(threads * perThread);
  }

  @Test
  void asynchronousListener_seesOneKeysEventsInOrder() {
    List<String> seen = new CopyOnWriteArrayList<>();
    OrderRecorder.sink = seen;
    DsyncConfiguration<String, Integer> cfg = new DsyncConfiguration<>();
    cfg.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(OrderRecorder.class), null, true, false));
    Cache<String, Integer> cache = manager().createCache("ordered", cfg);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      cache.put("k", i);
      expected.add((i == 0 ? "CREATED" : "UPDATED") + ":" + i);
    }
    cache.remove("k");
    expected.add("REMOVED:199");
    await().until(() -> seen.size() == expected.size());
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void asynchronousListener_concurrentWritersOfOneKey_seesTheStoreOrder() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    OrderRecorder.sink = seen;
    DsyncConfiguration<String, Integer> cfg = new DsyncConfiguration<>();
    cfg.setStoreByValue(false);
    cfg.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(OrderRecorder.class), null, false, false));
    Cache<String, Integer> cache = manager().createCache("orderedConcurrent", cfg);
    int threads = 3;
    int perThread = 500;
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            cache.invoke("k", (entry, args) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
              return null;
            });
          }
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    int total = threads * perThread;
    await().until(() -> seen.size() == total);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= total; i++) {
      expected.add((i == 1 ? "CREATED" : "UPDATED") + ":" + i);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  /** Records created, updated and removed events in arrival order. */
  public static final class OrderRecorder implements CacheEntryCreatedListener<String, Integer>,
      javax.cache.event.CacheEntryUpdatedListener<String, Integer>,
      javax.cache.event.CacheEntryRemovedListener<String, Integer> {
    static volatile List<String> sink;

    private static void record(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      for (CacheEntryEvent<? extends String, ? extends Integer> e : events) {
        sink.add(e.getEventType() + ":" + e.getValue());
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      record(events);
    }
  }

  /** Records expired events into a static sink (listener factories need a no-arg class). */
  public static final class ExpiredRecorder implements CacheEntryExpiredListener<String, String> {
    static volatile List<String> sink;

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        sink.add(e.getKey() + "=" + e.getOldValue());
      }
    }
  }

  @Test
  void injectedExecutor_runsAsynchronousListeners() {
    AtomicInteger ran = new AtomicInteger();
    Executor counting = task -> {
      ran.incrementAndGet();
      new Thread(task).start();
    };
    List<String> created = new CopyOnWriteArrayList<>();
    CreatedRecorder.sink = created;
    DsyncConfiguration<String, String> cfg = new DsyncConfiguration<>();
    cfg.setExecutor(counting);
    cfg.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(CreatedRecorder.class), null, false, false));
    Cache<String, String> cache = manager().createCache("async", cfg);
    cache.put("a", "1");
    await().until(() -> created.size() == 1);
    assertThat(created).containsExactly("a");
    assertThat(ran.get()).isPositive();
  }

  /** Records created keys into a static sink. */
  public static final class CreatedRecorder implements CacheEntryCreatedListener<String, String> {
    static volatile List<String> sink;

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        sink.add(e.getKey());
      }
    }
  }

  @Test
  void storeByValue_isolatesCallerMutations() {
    MutableConfiguration<String, StringBuilder> cfg = new MutableConfiguration<>();
    Cache<String, StringBuilder> cache = manager().createCache("byValue", cfg);
    StringBuilder value = new StringBuilder("one");
    cache.put("k", value);
    value.append("-changed");
    StringBuilder read = cache.get("k");
    assertThat(read.toString()).isEqualTo("one");
    read.append("-again");
    assertThat(cache.get("k").toString()).isEqualTo("one");
    assertThat(cache.get("k")).isNotSameAs(cache.get("k"));
  }

  @Test
  void storeByReference_returnsTheSameInstance() {
    MutableConfiguration<String, StringBuilder> cfg = new MutableConfiguration<>();
    cfg.setStoreByValue(false);
    Cache<String, StringBuilder> cache = manager().createCache("byRef", cfg);
    StringBuilder value = new StringBuilder("one");
    cache.put("k", value);
    assertThat(cache.get("k")).isSameAs(value);
  }

  @Test
  void storeByValue_nonSerializableValue_rejectedAndNothingStored() {
    Cache<String, Object> cache = manager().createCache("noSer", new MutableConfiguration<String, Object>());
    assertThatThrownBy(() -> cache.put("k", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Serializable");
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void badInput_clearErrors() {
    MutableConfiguration<String, String> typed = new MutableConfiguration<>();
    typed.setTypes(String.class, String.class);
    Cache<String, String> cache = manager().createCache("typed", typed);
    assertThatThrownBy(() -> cache.put(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put("k", null)).isInstanceOf(NullPointerException.class);
    @SuppressWarnings({"rawtypes", "unchecked"})
    Cache<Object, Object> raw = (Cache) cache;
    assertThatThrownBy(() -> raw.put(1, "v"))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("java.lang.String");
    assertThatThrownBy(() -> manager().createCache("typed", typed))
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> manager().getCache("typed", Integer.class, String.class))
        .isInstanceOf(ClassCastException.class);
    assertThat(cache.containsKey("k")).isFalse();
    cache.close();
    assertThatThrownBy(() -> cache.get("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
