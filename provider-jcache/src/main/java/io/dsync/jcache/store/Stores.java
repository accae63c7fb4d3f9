package io.dsync.jcache.store;

import io.dsync.jcache.config.CoherenceMode;

/**
 * Chooses the {@link Store} for a cache from its coherence mode: the one place where a MESI
 * store (lines validated against each key's home directory, over a {@link LocalStore}) will be
 * plugged in.
 */
public final class Stores {

  private Stores() {}

  /**
   * Creates the store of a cache.
   *
   * @param mode the cache's coherence mode
   * @param capacity maximum number of entries, 0 for unbounded
   * @param evictionListener told of each eviction
   * @return a new store
   * @throws IllegalArgumentException for a mode that has no store yet
   */
  public static Store create(CoherenceMode mode, long capacity, EvictionListener evictionListener) {
    switch (mode) {
      case LOCAL:
        return new LocalStore(capacity, evictionListener);
      case MESI:
      default:
        throw new IllegalArgumentException(
            "coherence mode " + mode + " needs the cluster layer, which is not available yet; use LOCAL");
    }
  }
}
