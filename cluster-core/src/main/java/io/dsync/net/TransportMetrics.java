package io.dsync.net;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link NettyTcpTransport}'s counters as Micrometer meters: {@code
 * dsync.transport.frames{direction=sent|received}}, {@code dsync.transport.flushes}, {@code
 * dsync.transport.dropped{reason=queue_full|no_route|disconnected|too_large}}, {@code
 * dsync.transport.protocol.errors}, {@code dsync.transport.connect.failures}, and gauges {@code
 * dsync.transport.connections} and {@code dsync.transport.requests.pending}. Usage: {@code new
 * TransportMetrics(transport).bindTo(registry)}.
 */
public final class TransportMetrics implements MeterBinder {
  private final NettyTcpTransport transport;

  public TransportMetrics(NettyTcpTransport transport) {
    this.transport = transport;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "dsync.transport.frames", "direction", "sent", t -> t.stats().framesSent());
    counter(registry, "dsync.transport.frames", "direction", "received", t -> t.stats().framesReceived());
    counter(registry, "dsync.transport.flushes", null, null, t -> t.stats().flushes());
    counter(registry, "dsync.transport.dropped", "reason", "queue_full", t -> t.stats().droppedQueueFull());
    counter(registry, "dsync.transport.dropped", "reason", "no_route", t -> t.stats().droppedNoRoute());
    counter(registry, "dsync.transport.dropped", "reason", "disconnected", t -> t.stats().droppedDisconnected());
    counter(registry, "dsync.transport.dropped", "reason", "too_large", t -> t.stats().droppedTooLarge());
    counter(registry, "dsync.transport.protocol.errors", null, null, t -> t.stats().protocolErrors());
    counter(registry, "dsync.transport.connect.failures", null, null, t -> t.stats().connectFailures());
    Gauge.builder("dsync.transport.connections", transport, NettyTcpTransport::openConnectionCount)
        .description("open TCP connections, both directions")
        .register(registry);
    Gauge.builder("dsync.transport.requests.pending", transport, NettyTcpTransport::pendingRequestCount)
        .description("requests sent and not yet answered or timed out")
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, String tag, String value,
      ToDoubleFunction<NettyTcpTransport> f) {
    FunctionCounter.Builder<NettyTcpTransport> builder = FunctionCounter.builder(name, transport, f);
    if (tag != null) {
      builder.tag(tag, value);
    }
    builder.register(registry);
  }
}
