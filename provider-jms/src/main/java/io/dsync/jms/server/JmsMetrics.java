package io.dsync.jms.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The broker's meters, tagged {@code service=jms}: gauges {@code jms_queues}, {@code
 * jms_messages}, {@code jms_stored_bytes} and {@code jms_max_stored_bytes} (the memory budget),
 * counters {@code jms_wal_syncs} and {@code jms_wal_compactions}. They read a copy of the
 * broker's figures refreshed every {@code refreshMillis}, so a scrape never waits for the broker's
 * lock. Thread-safe.
 */
public final class JmsMetrics implements AutoCloseable {
  private final LocalBroker broker;
  private volatile BrokerStats last;
  private final ScheduledFuture<?> refresher;

  /** Registers the meters and starts refreshing. */
  public JmsMetrics(MeterRegistry registry, LocalBroker broker, ScheduledExecutorService scheduler, long refreshMillis) {
    this.broker = broker;
    this.last = broker.brokerStats();
    gauge(registry, "jms_queues", "queues, temporary queues and subscriptions", s -> s.queues());
    gauge(registry, "jms_messages", "messages held in all queues", s -> s.messages());
    gauge(registry, "jms_stored_bytes", "what the held messages count against the memory budget", s -> s.storedBytes());
    gauge(registry, "jms_max_stored_bytes", "the memory budget of all queues' messages", s -> s.maxStoredBytes());
    FunctionCounter.builder("jms_wal_syncs", this, m -> m.last.walSyncs()).tag("service", "jms")
        .description("syncs of the write-ahead log").register(registry);
    FunctionCounter.builder("jms_wal_compactions", this, m -> m.last.walCompactions()).tag("service", "jms")
        .description("compactions of the write-ahead log while running").register(registry);
    refresher = scheduler.scheduleWithFixedDelay(this::refresh, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<BrokerStats> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.last)).tag("service", "jms").description(description)
        .register(registry);
  }

  /** Reads the broker's figures now (also called by the timer). */
  public void refresh() {
    if (!broker.isClosed()) {
      last = broker.brokerStats();
    }
  }

  /** The figures as last read. */
  public BrokerStats last() {
    return last;
  }

  /** Stops refreshing; the meters stay registered with their last values. */
  @Override
  public void close() {
    refresher.cancel(false);
  }
}
