package io.dsync.node;

import io.dsync.net.InVmTransport;
import io.dsync.net.NettyTcpTransport;
import io.dsync.net.Transport;
import io.dsync.net.TransportStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** Publishes a transport's counters as meters ({@code dsync.transport.*}). */
final class TransportMeters {
  private TransportMeters() {}

  static void bind(Transport transport, MeterRegistry registry) {
    Supplier<TransportStats> stats;
    if (transport instanceof NettyTcpTransport tcp) {
      stats = tcp::stats;
    } else if (transport instanceof InVmTransport inVm) {
      stats = inVm::stats;
    } else {
      return;
    }
    counter(registry, stats, "dsync.transport.frames.sent", "frames written", TransportStats::framesSent);
    counter(registry, stats, "dsync.transport.flushes", "socket flushes", TransportStats::flushes);
    counter(registry, stats, "dsync.transport.frames.received", "frames received", TransportStats::framesReceived);
    counter(registry, stats, "dsync.transport.dropped", "sends dropped (queue full, no route, disconnect, too large)",
        TransportStats::dropped);
    counter(registry, stats, "dsync.transport.protocol.errors", "connections closed for malformed input",
        TransportStats::protocolErrors);
    counter(registry, stats, "dsync.transport.connect.failures", "failed connection attempts",
        TransportStats::connectFailures);
  }

  private static void counter(MeterRegistry registry, Supplier<TransportStats> stats, String name,
      String description, ToLongFunction<TransportStats> field) {
    FunctionCounter.builder(name, stats, s -> field.applyAsLong(s.get()))
        .description(description)
        .register(registry);
  }
}
