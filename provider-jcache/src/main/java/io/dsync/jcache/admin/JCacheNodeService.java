package io.dsync.jcache.admin;

import io.dsync.jcache.DsyncCachingProvider;
import io.dsync.jcache.config.DsyncConfiguration;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
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
 * unbounded). Found by {@link java.util.ServiceLoader}; {@link #start} is called once on the
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
