package io.dsync.jcache;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * dsync's JSR-107 {@link CachingProvider}, registered in
 * {@code META-INF/services/javax.cache.spi.CachingProvider}.
 *
 * <p>Keeps one {@link DsyncCacheManager} per (URI, class loader). The default URI is
 * {@value #DEFAULT_URI_STRING}: an embedded, single-JVM cache manager. dsync settings may be given
 * as properties (see {@link io.dsync.jcache.config.DsyncConfiguration}) or as URI query
 * parameters, e.g. {@code dsync:embedded?dsync.jcache.capacity=10000}.
 *
 * <p>Thread-safe; no method blocks beyond a short monitor.
 */
public final class DsyncCachingProvider implements CachingProvider {

  /** The default cache manager URI. */
  public static final String DEFAULT_URI_STRING = "dsync:embedded";

  private static final URI DEFAULT_URI = URI.create(DEFAULT_URI_STRING);

  private final WeakHashMap<ClassLoader, Map<URI, DsyncCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider; applications normally obtain it through {@code Caching}. */
  public DsyncCachingProvider() {}

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties p = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, DsyncCacheManager> byUri = managers.computeIfAbsent(cl, k -> new HashMap<>());
      DsyncCacheManager manager = byUri.get(u);
      if (manager == null || manager.isClosed()) {
        manager = new DsyncCacheManager(this, u, cl, p);
        byUri.put(u, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : DsyncCachingProvider.class.getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    Map<ClassLoader, Map<URI, DsyncCacheManager>> copy;
    synchronized (managers) {
      copy = new HashMap<>(managers);
      managers.clear();
    }
    for (Map<URI, DsyncCacheManager> byUri : copy.values()) {
      for (DsyncCacheManager m : byUri.values()) {
        m.close();
      }
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, DsyncCacheManager> byUri;
    synchronized (managers) {
      byUri = managers.remove(cl);
    }
    if (byUri != null) {
      for (DsyncCacheManager m : byUri.values()) {
        m.close();
      }
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    DsyncCacheManager m = null;
    synchronized (managers) {
      Map<URI, DsyncCacheManager> byUri = managers.get(cl);
      if (byUri != null) {
        m = byUri.remove(u);
        if (byUri.isEmpty()) {
          managers.remove(cl);
        }
      }
    }
    if (m != null) {
      m.close();
    }
  }

  /** Forgets a manager that closed itself. */
  void released(DsyncCacheManager manager) {
    synchronized (managers) {
      Map<URI, DsyncCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }

  @Override
  public boolean isSupported(OptionalFeature feature) {
    return feature == OptionalFeature.STORE_BY_REFERENCE;
  }
}
