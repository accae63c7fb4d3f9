package io.dsync.jcache;

import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an entry processor sees during {@code invoke}. It records what the
 * processor did; the cache applies the net effect atomically once the processor returns.
 *
 * <p>Confined to the invoking thread.
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** The net effect of the processor on the entry. */
  enum Op {
    NONE, ACCESS, LOAD, CREATE, UPDATE, REMOVE
  }

  private final K key;
  private final boolean existed;
  private final CacheLoader<K, V> loader;
  private V value;
  private Op op = Op.NONE;

  ProcessorEntry(K key, V value, boolean existed, CacheLoader<K, V> loader) {
    this.key = key;
    this.value = value;
    this.existed = existed;
    this.loader = loader;
  }

  Op op() {
    return op;
  }

  V value() {
    return value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (op == Op.NONE) {
      if (existed) {
        op = Op.ACCESS;
      } else if (loader != null) {
        V loaded;
        try {
          loaded = loader.load(key);
        } catch (CacheLoaderException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new CacheLoaderException(e);
        }
        if (loaded != null) {
          value = loaded;
          op = Op.LOAD;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    value = null;
    // removing what this processor created or loaded leaves nothing to do; any other removal
    // is a delete, written through even when the key was absent
    op = (op == Op.CREATE || op == Op.LOAD) ? Op.NONE : Op.REMOVE;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor may not set a null value");
    value = newValue;
    op = existed ? Op.UPDATE : Op.CREATE;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a mutable entry to " + clazz.getName());
  }
}
