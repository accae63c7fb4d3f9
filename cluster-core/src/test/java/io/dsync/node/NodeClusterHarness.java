package io.dsync.node;

import io.dsync.cluster.MembershipContract;
import io.dsync.cluster.MembershipView;
import io.dsync.cluster.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Real {@link Node}s in this JVM, started from per-member configurations, on real time. */
final class NodeClusterHarness {
  private NodeClusterHarness() {}

  static MembershipContractHarness of(Map<NodeId, NodeConfig> configs, Function<NodeConfig, Node> starter) {
    return new MembershipContractHarness(configs, starter);
  }

  /** Adapts running nodes to the membership contract. */
  static final class MembershipContractHarness implements MembershipContractAccess.Harness {
    final Map<NodeId, NodeConfig> configs;
    final Map<NodeId, Node> nodes = new TreeMap<>();
    final Function<NodeConfig, Node> starter;

    MembershipContractHarness(Map<NodeId, NodeConfig> configs, Function<NodeConfig, Node> starter) {
      this.configs = configs;
      this.starter = starter;
    }

    @Override
    public void startAll() {
      configs.forEach((id, config) -> nodes.put(id, starter.apply(config)));
    }

    @Override
    public void crash(NodeId id) {
      nodes.remove(id).close();
    }

    @Override
    public void restart(NodeId id) {
      nodes.put(id, starter.apply(configs.get(id)));
    }

    @Override
    public MembershipView view(NodeId id) {
      return nodes.get(id).membership().view();
    }

    @Override
    public boolean await(BooleanSupplier condition, long maxMillis) {
      try {
        Awaitility.await().atMost(Duration.ofMillis(maxMillis)).pollInterval(Duration.ofMillis(10))
            .pollDelay(Duration.ZERO).until(condition::getAsBoolean);
        return true;
      } catch (ConditionTimeoutException e) {
        return false;
      }
    }

    @Override
    public long nowMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public void close() {
      nodes.values().forEach(Node::close);
      nodes.clear();
    }
  }

  /** Per-member configuration with fast heartbeats, no admin, data under {@code root}. */
  static NodeConfig.Builder config(NodeId id, Path root, long heartbeat, long timeout) {
    return NodeConfig.builder(id).dataDir(root.resolve(id.value())).adminPort(-1)
        .heartbeatIntervalMillis(heartbeat).failureTimeoutMillis(timeout);
  }

  static List<NodeId> ids() {
    return MembershipContractAccess.ids();
  }
}
