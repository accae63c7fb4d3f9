package io.dsync.node;

import io.dsync.cluster.NodeId;
import io.dsync.net.Transport;
import io.dsync.wire.MessageRegistry;
import java.util.Objects;
import java.util.function.Function;

/**
 * The embedded transport: in-VM, no socket. Nodes made from one factory share one in-VM network,
 * so an application (or a test) can run an in-process cluster: {@code new
 * InVmTransportFactory(network::transport)}.
 */
public final class InVmTransportFactory implements TransportFactory {
  private final Function<NodeId, Transport> network;

  /** A factory over a network of its own (a single embedded node). */
  public InVmTransportFactory() {
    this(newNetwork());
  }

  /** A factory over a shared network: {@code network::transport}. */
  public InVmTransportFactory(Function<NodeId, Transport> network) {
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public Transport create(NodeConfig config, MessageRegistry registry) {
    return network.apply(config.nodeId());
  }

  // io.dsync.net.InVmNetwork, looked up by name so this package does not depend on its shape
  @SuppressWarnings("unchecked")
  private static Function<NodeId, Transport> newNetwork() {
    try {
      Class<?> type = Class.forName("io.dsync.net.InVmNetwork");
      Object net = type.getConstructor().newInstance();
      java.lang.reflect.Method transport = type.getMethod("transport", NodeId.class);
      return id -> {
        try {
          return (Transport) transport.invoke(net, id);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("in-VM transport unavailable: " + e, e);
        }
      };
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("in-VM transport unavailable: " + e, e);
    }
  }
}
