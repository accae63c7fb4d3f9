package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.TestMessages;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** The transport contract over the in-VM network, passing messages through their codecs. */
class InVmTransportContractTest extends TransportContract {

  static boolean awaitReal(BooleanSupplier condition, Duration max) {
    try {
      Awaitility.await().atMost(max).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  @Override
  protected Harness harness() {
    InVmNetwork network = InVmNetwork.serializing(TestMessages.registry());
    return new Harness() {
      @Override
      public Transport start(NodeId id, InboundHandler handler) {
        InVmTransport t = network.transport(id);
        t.start(handler);
        return t;
      }

      @Override
      public boolean await(BooleanSupplier condition, Duration max) {
        return awaitReal(condition, max);
      }

      @Override
      public void close() {
        network.close();
      }
    };
  }
}
