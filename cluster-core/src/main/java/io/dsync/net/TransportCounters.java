package io.dsync.net;

import java.util.concurrent.atomic.LongAdder;

/** The mutable counters behind {@link TransportStats}. Thread-safe. */
final class TransportCounters {
  final LongAdder framesSent = new LongAdder();
  final LongAdder flushes = new LongAdder();
  final LongAdder framesReceived = new LongAdder();
  final LongAdder droppedQueueFull = new LongAdder();
  final LongAdder droppedNoRoute = new LongAdder();
  final LongAdder droppedDisconnected = new LongAdder();
  final LongAdder droppedTooLarge = new LongAdder();
  final LongAdder protocolErrors = new LongAdder();
  final LongAdder connectFailures = new LongAdder();

  TransportStats snapshot() {
    return new TransportStats(
        framesSent.sum(),
        flushes.sum(),
        framesReceived.sum(),
        droppedQueueFull.sum(),
        droppedNoRoute.sum(),
        droppedDisconnected.sum(),
        droppedTooLarge.sum(),
        protocolErrors.sum(),
        connectFailures.sum());
  }
}
