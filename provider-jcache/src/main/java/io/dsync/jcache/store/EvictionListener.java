package io.dsync.jcache.store;

/**
 * Told of each line the store evicts to stay within its capacity.
 *
 * <p>Called on the thread that caused the eviction while the store's eviction lock is held: do
 * cheap work only (count it) and never call back into the store.
 */
@FunctionalInterface
public interface EvictionListener {

  /**
   * A line was evicted.
   *
   * @param line the evicted line
   */
  void onEvicted(Line line);
}
