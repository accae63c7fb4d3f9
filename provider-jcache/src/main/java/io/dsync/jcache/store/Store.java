package io.dsync.jcache.store;

import java.util.Iterator;
import java.util.function.Function;

/**
 * The narrow storage interface under a cache: a concurrent map of {@link Line}s with atomic
 * per-key updates and an eviction policy.
 *
 * <p>It knows nothing of JCache semantics (expiry rules, listeners, loaders, statistics): the
 * cache computes those and hands the store the result. A coherence layer (MESI, with a per-key
 * home keeping the directory) can implement this interface over a local store and decide per
 * key whether a local line is valid before returning it.
 *
 * <p>All methods are thread-safe. None blocks except {@link #compute}, which holds the key's lock
 * while its function runs.
 */
public interface Store {

  /**
   * Looks a key up and records the access for the eviction policy.
   *
   * @param key the key
   * @return the line, or null when absent (expired lines are returned; the caller decides)
   */
  Line get(Object key);

  /**
   * Looks a key up without recording an access.
   *
   * @param key the key
   * @return the line, or null
   */
  Line peek(Object key);

  /**
   * Atomically replaces the line of {@code key}. The function receives the current line (or
   * null) and returns: the same line (possibly with its value changed in place) to keep it, a new
   * line to replace it, or null to remove it. It runs under the key's lock and must not call
   * back into the store for another key.
   *
   * @param key the key
   * @param remap the update
   * @return the line now stored, or null
   */
  Line compute(Object key, Function<Line, Line> remap);

  /**
   * Removes {@code line} if it is still the line stored for its key.
   *
   * @param line the line
   * @return true if removed
   */
  boolean removeIfSame(Line line);

  /**
   * Iterates over a weakly consistent view of the lines.
   *
   * @return an iterator; {@code remove} is not supported
   */
  Iterator<Line> iterator();

  /**
   * Returns the number of lines, expired ones included.
   *
   * @return the size
   */
  long size();

  /** Removes every line. */
  void clear();
}
