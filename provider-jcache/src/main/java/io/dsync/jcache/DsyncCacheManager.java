package io.dsync.jcache;

import io.dsync.jcache.config.CoherenceMode;
import io.dsync.jcache.config.DsyncConfiguration;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * dsync's {@link CacheManager}: owns the named caches of one (URI, class loader).
 *
 * <p>Properties given to the provider, a {@code .properties} file the URI names
 * ({@code file:}, {@code jar:} or {@code classpath:}) and the URI's query parameters (in rising
 * precedence: file, query, given properties) set defaults for every cache created from a plain
 * JSR-107 configuration (see {@link DsyncConfiguration#applyProperties}).
 * Thread-safe; no method blocks beyond a short monitor, except {@link #close()} which closes the
 * caches.
 */
public final class DsyncCacheManager implements CacheManager {

  private final DsyncCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final Properties defaults;
  private final ConcurrentHashMap<String, DsyncCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  DsyncCacheManager(DsyncCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.defaults = new Properties();
    defaults.putAll(fileProperties(uri, classLoader));
    defaults.putAll(queryProperties(uri));
    defaults.putAll(properties);
    // fail fast on bad settings, naming the property
    new DsyncConfiguration<Object, Object>().applyProperties(defaults);
  }

  /**
   * A URI naming a {@code .properties} file ({@code file:}, {@code jar:} or
   * {@code classpath:}) supplies dsync settings, as Spring's {@code spring.cache.jcache.config}
   * and other frameworks pass a configuration resource's URI to the provider.
   */
  private static Properties fileProperties(URI uri, ClassLoader classLoader) {
    Properties p = new Properties();
    String scheme = uri.getScheme();
    String text = uri.toString();
    if (scheme == null || !text.endsWith(".properties")) {
      return p;
    }
    try {
      java.io.InputStream in;
      if ("classpath".equals(scheme)) {
        String path = uri.getSchemeSpecificPart();
        in = classLoader.getResourceAsStream(path.startsWith("/") ? path.substring(1) : path);
      } else if ("file".equals(scheme) || "jar".equals(scheme)) {
        in = uri.toURL().openStream();
      } else {
        return p;
      }
      if (in == null) {
        throw new IllegalArgumentException("cache manager URI " + uri + ": no such resource");
      }
      try (in) {
        p.load(in);
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cache manager URI " + uri + ": cannot read it (" + e.getMessage() + ")", e);
    }
    return p;
  }

  private static Properties queryProperties(URI uri) {
    Properties p = new Properties();
    String query = uri.getRawQuery();
    if (query == null && uri.isOpaque()) {
      String ssp = uri.getRawSchemeSpecificPart();
      int q = ssp == null ? -1 : ssp.indexOf('?');
      query = q < 0 ? null : ssp.substring(q + 1);
    }
    if (query == null || query.isEmpty()) {
      return p;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!name.startsWith("dsync.")) {
        name = "dsync.jcache." + name;
      }
      p.setProperty(name, value);
    }
    return p;
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    Objects.requireNonNull(configuration, "configuration must not be null");
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("a cache named '" + cacheName + "' already exists");
      }
      DsyncConfiguration<K, V> cfg = new DsyncConfiguration<>(configuration);
      if (!(configuration instanceof DsyncConfiguration)) {
        cfg.applyProperties(defaults);
      }
      validate(cacheName, cfg);
      DsyncCache<K, V> cache = new DsyncCache<>(this, cacheName, cfg);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  private static void validate(String name, DsyncConfiguration<?, ?> cfg) {
    if (cfg.getCoherenceMode() == CoherenceMode.MESI) {
      throw new IllegalArgumentException(
          "cache '" + name + "': coherence mode MESI needs the cluster layer, which is not available"
              + " yet; use LOCAL");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    Objects.requireNonNull(keyType, "key type must not be null");
    Objects.requireNonNull(valueType, "value type must not be null");
    DsyncCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    CompleteConfiguration<?, ?> cfg = cache.getConfiguration(CompleteConfiguration.class);
    if (!cfg.getKeyType().equals(keyType)) {
      throw new ClassCastException(
          "cache '" + cacheName + "' has key type " + cfg.getKeyType().getName() + ", not " + keyType.getName());
    }
    if (!cfg.getValueType().equals(valueType)) {
      throw new ClassCastException(
          "cache '" + cacheName + "' has value type " + cfg.getValueType().getName() + ", not " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    return (Cache<K, V>) existing(cacheName);
  }

  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    DsyncCache<?, ?> cache;
    synchronized (caches) {
      cache = caches.remove(cacheName);
    }
    if (cache != null) {
      cache.destroy();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    DsyncCache<?, ?> cache = existing(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    DsyncCache<?, ?> cache = existing(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    provider.released(this);
    for (DsyncCache<?, ?> cache : caches.values()) {
      cache.close();
    }
    caches.clear();
  }

  /** The named cache, or null; checks that the manager is open and the name is not null. */
  private DsyncCache<?, ?> existing(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    return caches.get(cacheName);
  }

  /** A cache closed by its owner leaves the manager. */
  void released(DsyncCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap the cache manager to " + clazz.getName());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + uri + " is closed");
    }
  }
}
