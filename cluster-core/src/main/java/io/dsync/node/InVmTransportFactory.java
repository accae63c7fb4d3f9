package io.dsync.node;

import io.dsync.net.InVmNetwork;
import io.dsync.net.Transport;
import io.dsync.wire.MessageRegistry;
import java.util.Objects;

/**
 * The embedded transport: in-VM, no socket. Nodes made from one factory share one {@link
 * InVmNetwork}, so an application (or a test) can run an in-process cluster.
 */
public final class InVmTransportFactory implements TransportFactory, AutoCloseable {
  private final InVmNetwork network;
  private final boolean owned;

  /** A factory over a network of its own (a single embedded node); {@link #close} closes it. */
  public InVmTransportFactory() {
    this.network = new InVmNetwork();
    this.owned = true;
  }

  /** A factory over a shared network, which its owner closes. */
  public InVmTransportFactory(InVmNetwork network) {
    this.network = Objects.requireNonNull(network, "network");
    this.owned = false;
  }

  @Override
  public Transport create(NodeConfig config, MessageRegistry registry) {
    return network.transport(config.nodeId());
  }

  /** The network its transports share. */
  public InVmNetwork network() {
    return network;
  }

  /** Closes the network if this factory made it. */
  @Override
  public void close() {
    if (owned) {
      network.close();
    }
  }
}
