package io.dsync.jcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * A cache entry event. For {@code CREATED} the value is the new value and no old value is
 * available; for {@code UPDATED} both are given; for {@code REMOVED} and {@code EXPIRED} the
 * value and the old value are both the value the entry had.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DsyncCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  /** The key. */
  private final K key;
  /** The value (see the class comment). */
  private final V value;
  /** The old value, or null. */
  private final V oldValue;
  /** Whether an old value is given. */
  private final boolean oldValueAvailable;

  /**
   * Creates an event.
   *
   * @param source the cache
   * @param type what happened
   * @param key the key
   * @param value the value (see the class comment)
   * @param oldValue the old value, or null
   * @param oldValueAvailable whether an old value is given
   */
  public DsyncCacheEntryEvent(
      Cache<K, V> source, EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
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
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap an event to " + clazz.getName());
  }

  @Override
  public String toString() {
    return getEventType() + "[" + key + ", value=" + value + ", old=" + oldValue + "]";
  }
}
