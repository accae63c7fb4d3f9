package io.dsync.jcache.admin;

import io.dsync.jcache.DsyncCache;
import io.dsync.jcache.DsyncCachingProvider;
import io.dsync.jcache.config.DsyncConfiguration;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Plugs the JCache provider into a dsync node: opens the node's cache manager (the provider's
 * default URI, so caches an embedding application creates are the same ones), creates the default
 * cache, and registers the {@code /cache} and {@code /caches} admin resources.
 *
 * <p>Node settings: {@code jcache.default-cache} (name of the cache served under {@code /cache},
 * default {@value #DEFAULT_CACHE}), {@code jcache.capacity} (entries per cache, LRU beyond; default
 * unbounded). The default cache's statistics become node meters ({@code dsync.jcache.hits},
 * {@code .misses}, {@code .puts}, {@code .removals}, {@code .evictions}, {@code .size}, tagged
 * {@code cache}). Found by {@link java.util.ServiceLoader}; {@link #start} is called once on the
 * node's start thread and does not block.
 */
public final class JCacheNodeService implements NodeService {

  /** Name of the default cache unless configured. */
  public static final String DEFAULT_CACHE = "default";

  private CacheManager manager;
  private CacheOperations operations;

  /** Creates the service; the node instantiates it through {@link java.util.ServiceLoader}. */
  public JCacheNodeService() {}

  @Override
  public String name() {
    return "jcache";
  }

  @Override
  public void start(ServiceContext context) {
    Properties props = new Properties();
    context.config().setting("jcache.capacity")
        .ifPresent(c -> props.setProperty(DsyncConfiguration.CAPACITY_PROPERTY, c));
    String defaultName = context.config().setting("jcache.default-cache", DEFAULT_CACHE);
    if (CacheOperations.badKey(defaultName) != null) {
      throw new IllegalArgumentException("jcache.default-cache: " + CacheOperations.badKey(defaultName));
    }
    this.operations = open(props, defaultName);
    registerMeters(context.metrics(), defaultName);
    if (!context.embedded()) {
      context.admin().register(new DefaultCacheResource(operations));
      context.admin().register(new NamedCachesResource(operations));
      context.admin().addStatus("jcache", this::status);
    }
  }

  /**
   * Opens the cache manager and the default cache; used by {@link #start} and by tests.
   *
   * @param props dsync settings for the default cache
   * @param defaultName the default cache's name
   * @return the operations over that manager
   */
  CacheOperations open(Properties props, String defaultName) {
    DsyncCachingProvider provider =
        (DsyncCachingProvider) Caching.getCachingProvider(DsyncCachingProvider.class.getName());
    this.manager = provider.getCacheManager();
    Cache<Object, Object> existing = manager.getCache(defaultName);
    if (existing == null) {
      // settings go on the cache itself: the shared manager may already exist with other ones
      DsyncConfiguration<Object, Object> cfg = new DsyncConfiguration<>();
      cfg.applyProperties(props);
      cfg.setStatisticsEnabled(true);
      manager.createCache(defaultName, cfg);
    }
    return new CacheOperations(manager, defaultName);
  }

  /** Exposes the default cache's statistics as node meters ({@code GET /metrics}). */
  private void registerMeters(MeterRegistry registry, String cacheName) {
    DsyncCache<?, ?> cache = manager.getCache(cacheName).unwrap(DsyncCache.class);
    meter(registry, "dsync.jcache.hits", cacheName, cache, c -> c.statistics().getCacheHits());
    meter(registry, "dsync.jcache.misses", cacheName, cache, c -> c.statistics().getCacheMisses());
    meter(registry, "dsync.jcache.puts", cacheName, cache, c -> c.statistics().getCachePuts());
    meter(registry, "dsync.jcache.removals", cacheName, cache, c -> c.statistics().getCacheRemovals());
    meter(registry, "dsync.jcache.evictions", cacheName, cache, c -> c.statistics().getCacheEvictions());
    Gauge.builder("dsync.jcache.size", cache, c -> c.isClosed() ? 0 : c.size())
        .tag("cache", cacheName)
        .description("entries held by the cache")
        .register(registry);
  }

  private static void meter(
      MeterRegistry registry, String name, String cacheName, DsyncCache<?, ?> cache,
      ToDoubleFunction<DsyncCache<?, ?>> count) {
    FunctionCounter.builder(name, cache, count).tag("cache", cacheName).register(registry);
  }

  private Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("default", operations.defaultCacheName());
    int count = 0;
    for (String ignored : manager.getCacheNames()) {
      count++;
    }
    out.put("caches", count);
    return out;
  }

  @Override
  public void stop() {
    if (manager != null) {
      manager.destroyCache(operations.defaultCacheName());
    }
  }
}
