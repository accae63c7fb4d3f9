package io.dsync.lock.service;

import io.dsync.lock.LockEngine;
import io.dsync.lock.core.LockStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lock manager's meters: gauges {@code active_locks} and {@code waiting_requests}, counters
 * {@code deadlocks_detected} and {@code deadlock_victims}, and gauge {@code lock_last_fence}, all
 * tagged {@code service=locks}. Meters read a cached copy of the table's counters, refreshed
 * every {@code refreshMillis} on the given scheduler, so scraping never waits for the engine.
 * Thread-safe.
 */
public final class LockMetrics implements AutoCloseable {
  private final LockEngine engine;
  private volatile LockStats last = new LockStats(0, 0, 0, 0, 0, 0);
  private final ScheduledFuture<?> refresher;

  /** Registers the meters and starts refreshing. */
  public LockMetrics(MeterRegistry registry, LockEngine engine, ScheduledExecutorService scheduler, long refreshMillis) {
    this.engine = engine;
    Gauge.builder("active_locks", this, m -> m.last.activeLocks()).tag("service", "locks")
        .description("resources currently held").register(registry);
    Gauge.builder("waiting_requests", this, m -> m.last.waitingRequests()).tag("service", "locks")
        .description("lock requests currently queued").register(registry);
    FunctionCounter.builder("deadlocks_detected", this, m -> m.last.deadlocksDetected()).tag("service", "locks")
        .description("wait-for cycles found and refused").register(registry);
    FunctionCounter.builder("deadlock_victims", this, m -> m.last.deadlockVictims()).tag("service", "locks")
        .description("requests refused to break a cycle").register(registry);
    Gauge.builder("lock_last_fence", this, m -> m.last.lastFence()).tag("service", "locks")
        .description("largest fencing token issued").register(registry);
    refresher = scheduler.scheduleWithFixedDelay(this::refresh, 0, refreshMillis, TimeUnit.MILLISECONDS);
  }

  /** Reads the counters now (also called by the timer). Never blocks. */
  public void refresh() {
    engine.stats().thenAccept(s -> last = s);
  }

  /** The counters as last read. */
  public LockStats last() {
    return last;
  }

  /** Stops refreshing; the meters stay registered with their last values. */
  @Override
  public void close() {
    refresher.cancel(false);
  }
}
