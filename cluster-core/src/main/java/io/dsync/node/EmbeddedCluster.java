package io.dsync.node;

import io.dsync.cluster.NodeId;
import io.dsync.net.InVmNetwork;
import io.dsync.spi.NodeService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An in-process cluster of embedded nodes over one {@link InVmNetwork}: no port, no admin server,
 * each node writing only under {@code root/<id>}. For providers' single-JVM mode and for tests.
 *
 * <p>{@link #start} blocks until every node has started. Thread-safe.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private final InVmNetwork network = new InVmNetwork();
  private final InVmTransportFactory transports = new InVmTransportFactory(network);
  private final Map<NodeId, NodeConfig> configs = new TreeMap<>();
  private final Map<NodeId, Node> nodes = new TreeMap<>();
  private final Supplier<List<NodeService>> services;

  private EmbeddedCluster(Supplier<List<NodeService>> services) {
    this.services = services;
  }

  /** {@code size} nodes {@code node-1…node-N} with the services on the class path. */
  public static EmbeddedCluster start(int size, Path root) {
    if (size < 1) {
      throw new IllegalArgumentException("cluster size must be at least 1: " + size);
    }
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      ids.add(NodeId.of("node-" + i));
    }
    return start(ids, root, UnaryOperator.identity(), null);
  }

  /**
   * Nodes with these ids.
   *
   * @param customize adjusts each node's configuration (timeouts, settings)
   * @param services fresh service instances for each node, or null for the class path's services
   */
  public static EmbeddedCluster start(Collection<NodeId> ids, Path root,
      UnaryOperator<NodeConfig.Builder> customize, Supplier<List<NodeService>> services) {
    Objects.requireNonNull(root, "root");
    EmbeddedCluster cluster = new EmbeddedCluster(services);
    List<NodeId> all = List.copyOf(new java.util.TreeSet<>(ids));
    for (NodeId id : all) {
      // in-VM peers need no address; the record wants one, so each gets a placeholder
      List<PeerAddress> peers = all.stream().filter(p -> !p.equals(id))
          .map(p -> new PeerAddress(p, "in-vm", 1)).toList();
      NodeConfig.Builder builder = NodeConfig.builder(id).dataDir(root.resolve(id.value()))
          .embedded(true).port(0).adminPort(-1).peers(peers);
      cluster.configs.put(id, customize.apply(builder).embedded(true).build());
    }
    try {
      for (NodeId id : all) {
        cluster.startNode(id);
      }
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private synchronized Node startNode(NodeId id) {
    Node.Builder builder = Node.builder(configs.get(id)).transport(transports);
    if (services != null) {
      builder.services(services.get());
    }
    Node node = builder.start();
    nodes.put(id, node);
    return node;
  }

  /** The running nodes, in id order. */
  public synchronized List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  /** A running node. @throws IllegalArgumentException if not running */
  public synchronized Node node(NodeId id) {
    Node node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException("node " + id + " is not running");
    }
    return node;
  }

  /** Stops one node (its data stays). */
  public synchronized void stop(NodeId id) {
    node(id).close();
    nodes.remove(id);
  }

  /** Starts a stopped node again with the same configuration and data. */
  public synchronized Node restart(NodeId id) {
    if (!configs.containsKey(id)) {
      throw new IllegalArgumentException("node " + id + " is not a member");
    }
    if (nodes.containsKey(id)) {
      throw new IllegalStateException("node " + id + " is running");
    }
    return startNode(id);
  }

  /** The network the nodes share. */
  public InVmNetwork network() {
    return network;
  }

  /** Stops every node and the network. Idempotent. */
  @Override
  public synchronized void close() {
    List<Node> running = new ArrayList<>(nodes.values());
    java.util.Collections.reverse(running);
    running.forEach(Node::close);
    nodes.clear();
    network.close();
  }
}
