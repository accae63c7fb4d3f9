package io.dsync.jcache;

import javax.cache.Cache;

/**
 * An immutable key-value pair as handed to applications by the cache iterator and to cache
 * writers.
 *
 * <p>Thread-safe (immutable).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DsyncCacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  DsyncCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "Entry[" + key + "=" + value + "]";
  }
}
