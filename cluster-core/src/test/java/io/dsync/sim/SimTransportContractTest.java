package io.dsync.sim;

import io.dsync.cluster.NodeId;
import io.dsync.net.InboundHandler;
import io.dsync.net.Transport;
import io.dsync.net.TransportContract;
import io.dsync.wire.TestMessages;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The transport contract over the simulated network (lossless links, virtual time). */
class SimTransportContractTest extends TransportContract {

  @Override
  protected Harness harness() {
    SimScheduler scheduler = new SimScheduler(2026);
    SimNetwork network = new SimNetwork(scheduler, TestMessages.registry());
    network.defaultLink(LinkConfig.delay(1, 10));
    return new Harness() {
      @Override
      public Transport start(NodeId id, InboundHandler handler) {
        SimTransport t = network.transport(id);
        t.start(handler);
        return t;
      }

      @Override
      public boolean await(BooleanSupplier condition, Duration max) {
        return scheduler.runUntil(condition, max.toMillis());
      }

      @Override
      public void close() {}
    };
  }
}
