package io.dsync.node;

import io.dsync.net.InVmNetwork;
import io.dsync.net.Transport;
import io.dsync.wire.MessageRegistry;

/**
 * The embedded transport: in-VM, no socket. Nodes made from one factory share one {@link
 * InVmNetwork}, so an application (or a test) can run an in-process cluster.
 */
public final class InVmTransportFactory implements TransportFactory {
  private final InVmNetwork network;

  /** A factory over a network of its own (a single embedded node). */
  public InVmTransportFactory() {
    this(new InVmNetwork());
  }

  /** A factory over a shared network. */
  public InVmTransportFactory(InVmNetwork network) {
    this.network = network;
  }

  @Override
  public Transport create(NodeConfig config, MessageRegistry registry) {
    return network.transport(config.nodeId());
  }

  /** The network its transports share. */
  public InVmNetwork network() {
    return network;
  }
}
