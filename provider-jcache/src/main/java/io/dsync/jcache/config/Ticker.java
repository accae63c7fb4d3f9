package io.dsync.jcache.config;

/**
 * A source of wall-clock time in milliseconds, used for entry expiry.
 *
 * <p>Injectable through {@link DsyncConfiguration#setTicker(Ticker)} so tests can drive expiry
 * with a virtual clock. Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface Ticker {

  /** The system clock ({@link System#currentTimeMillis()}). */
  Ticker SYSTEM = System::currentTimeMillis;

  /**
   * Returns the current time.
   *
   * @return milliseconds since the epoch, never decreasing by more than the clock's own jitter
   */
  long currentTimeMillis();
}
