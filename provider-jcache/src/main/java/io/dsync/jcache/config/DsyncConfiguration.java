package io.dsync.jcache.config;

import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;

/**
 * dsync's vendor configuration: everything {@link MutableConfiguration} offers plus a capacity
 * bound with LRU eviction, a coherence mode, and injectable clock and executor.
 *
 * <p>The same settings can be given without code, as properties passed to
 * {@code CachingProvider.getCacheManager(uri, classLoader, properties)} or as query parameters
 * of the manager URI ({@code dsync:embedded?capacity=10000}); they then apply to every cache the
 * manager creates from a plain {@link MutableConfiguration}. Property names:
 * {@value #CAPACITY_PROPERTY}, {@value #COHERENCE_PROPERTY}.
 *
 * <p>Not thread-safe while being built; the cache takes a copy at creation.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DsyncConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  /** Property giving the maximum number of entries per cache (LRU eviction beyond it). */
  public static final String CAPACITY_PROPERTY = "dsync.jcache.capacity";

  /** Property giving the {@link CoherenceMode} name. */
  public static final String COHERENCE_PROPERTY = "dsync.jcache.coherence";

  /** Capacity meaning "no bound": entries are only removed explicitly or by expiry. */
  public static final long UNBOUNDED = 0;

  /** Most entries, or {@link #UNBOUNDED}. */
  private long capacity = UNBOUNDED;
  /** How copies are kept consistent across nodes. */
  private CoherenceMode coherenceMode = CoherenceMode.LOCAL;
  private transient Ticker ticker = Ticker.SYSTEM;
  private transient Executor executor;

  /** Creates a configuration with the JSR-107 defaults, no capacity bound and local coherence. */
  public DsyncConfiguration() {
    super();
  }

  /**
   * Copies a configuration; dsync settings are copied too when {@code other} is a
   * {@code DsyncConfiguration}.
   *
   * @param other the configuration to copy
   */
  public DsyncConfiguration(Configuration<K, V> other) {
    super(asComplete(other));
    if (other instanceof DsyncConfiguration) {
      DsyncConfiguration<K, V> d = (DsyncConfiguration<K, V>) other;
      this.capacity = d.capacity;
      this.coherenceMode = d.coherenceMode;
      this.ticker = d.ticker;
      this.executor = d.executor;
    }
  }

  private static <K, V> CompleteConfiguration<K, V> asComplete(Configuration<K, V> other) {
    Objects.requireNonNull(other, "configuration");
    if (other instanceof CompleteConfiguration) {
      return (CompleteConfiguration<K, V>) other;
    }
    MutableConfiguration<K, V> m = new MutableConfiguration<>();
    m.setTypes(other.getKeyType(), other.getValueType());
    m.setStoreByValue(other.isStoreByValue());
    return m;
  }

  /**
   * Returns the maximum number of entries, or {@link #UNBOUNDED}.
   *
   * @return the capacity
   */
  public long getCapacity() {
    return capacity;
  }

  /**
   * Bounds the cache to {@code capacity} entries; the least recently used entry is evicted when
   * an insert would exceed it, and counted in the statistics as an eviction.
   *
   * @param capacity a positive entry count, or {@link #UNBOUNDED}
   * @return this configuration
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public DsyncConfiguration<K, V> setCapacity(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "capacity must be a positive number of entries or 0 for unbounded, was " + capacity);
    }
    this.capacity = capacity;
    return this;
  }

  /**
   * Returns the coherence mode.
   *
   * @return the mode, {@link CoherenceMode#LOCAL} by default
   */
  public CoherenceMode getCoherenceMode() {
    return coherenceMode;
  }

  /**
   * Sets the coherence mode.
   *
   * @param mode the mode
   * @return this configuration
   */
  public DsyncConfiguration<K, V> setCoherenceMode(CoherenceMode mode) {
    this.coherenceMode = Objects.requireNonNull(mode, "coherence mode");
    return this;
  }

  /**
   * Returns the clock used for expiry.
   *
   * @return the ticker
   */
  public Ticker getTicker() {
    return ticker == null ? Ticker.SYSTEM : ticker;
  }

  /**
   * Sets the clock used for expiry (tests pass a virtual clock).
   *
   * @param ticker the clock
   * @return this configuration
   */
  public DsyncConfiguration<K, V> setTicker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Returns the executor for asynchronous listeners and {@code loadAll}, or {@code null} for the
   * common fork-join pool.
   *
   * @return the executor or null
   */
  public Executor getExecutor() {
    return executor;
  }

  /**
   * Sets the executor that runs asynchronous listeners and {@code loadAll}.
   *
   * @param executor the executor
   * @return this configuration
   */
  public DsyncConfiguration<K, V> setExecutor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Applies {@value #CAPACITY_PROPERTY} and {@value #COHERENCE_PROPERTY} from {@code props}.
   *
   * @param props the properties; absent names leave the setting unchanged
   * @return this configuration
   * @throws IllegalArgumentException naming the property and the bad value
   */
  public DsyncConfiguration<K, V> applyProperties(Properties props) {
    String cap = props.getProperty(CAPACITY_PROPERTY);
    if (cap != null) {
      long parsed;
      try {
        parsed = Long.parseLong(cap.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            CAPACITY_PROPERTY + " must be a whole number of entries, was '" + cap + "'", e);
      }
      if (parsed < 0) {
        throw new IllegalArgumentException(
            CAPACITY_PROPERTY + " must be 0 (unbounded) or positive, was " + parsed);
      }
      setCapacity(parsed);
    }
    String mode = props.getProperty(COHERENCE_PROPERTY);
    if (mode != null) {
      try {
        setCoherenceMode(CoherenceMode.parse(mode));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(COHERENCE_PROPERTY + ": " + e.getMessage(), e);
      }
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DsyncConfiguration) || !super.equals(o)) {
      return false;
    }
    DsyncConfiguration<?, ?> d = (DsyncConfiguration<?, ?>) o;
    return capacity == d.capacity && coherenceMode == d.coherenceMode;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Long.hashCode(capacity) * 7 + coherenceMode.ordinal();
  }
}
