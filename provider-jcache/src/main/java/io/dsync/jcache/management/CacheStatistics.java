package io.dsync.jcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one cache, exposed as the standard {@link CacheStatisticsMXBean}.
 *
 * <p>Counters are {@link LongAdder}s: recording never contends on a shared cell. Times are
 * recorded in nanoseconds and reported in microseconds as the specification asks. Thread-safe.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();

  /**
   * Counts read hits.
   *
   * @param n how many
   */
  public void recordHits(long n) {
    hits.add(n);
  }

  /**
   * Counts read misses.
   *
   * @param n how many
   */
  public void recordMisses(long n) {
    misses.add(n);
  }

  /**
   * Counts stores.
   *
   * @param n how many
   */
  public void recordPuts(long n) {
    puts.add(n);
  }

  /**
   * Counts removals.
   *
   * @param n how many
   */
  public void recordRemovals(long n) {
    removals.add(n);
  }

  /**
   * Counts evictions.
   *
   * @param n how many
   */
  public void recordEvictions(long n) {
    evictions.add(n);
  }

  /**
   * Adds time spent in reads.
   *
   * @param nanos elapsed nanoseconds
   */
  public void recordGetTime(long nanos) {
    getNanos.add(nanos);
  }

  /**
   * Adds time spent in writes.
   *
   * @param nanos elapsed nanoseconds
   */
  public void recordPutTime(long nanos) {
    putNanos.add(nanos);
  }

  /**
   * Adds time spent in removals.
   *
   * @param nanos elapsed nanoseconds
   */
  public void recordRemoveTime(long nanos) {
    removeNanos.add(nanos);
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getNanos.reset();
    putNanos.reset();
    removeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long h = hits.sum();
    long total = h + misses.sum();
    return total == 0 ? 0f : (float) h / total * 100.0f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long m = misses.sum();
    long total = m + hits.sum();
    return total == 0 ? 0f : (float) m / total * 100.0f;
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return average(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeNanos.sum(), getCacheRemovals());
  }

  private static float average(long nanos, long count) {
    return count == 0 ? 0f : (float) nanos / count / 1000f;
  }
}
