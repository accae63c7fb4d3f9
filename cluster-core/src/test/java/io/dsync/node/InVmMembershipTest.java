package io.dsync.node;

import io.dsync.cluster.NodeId;
import io.dsync.net.InVmNetwork;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The membership contract on a 3-node in-process cluster of embedded nodes over the in-VM transport. */
class InVmMembershipTest extends MembershipContractAccess {
  @TempDir Path root;
  private final InVmNetwork network = new InVmNetwork();

  @AfterEach
  void closeNetwork() {
    network.close();
  }

  @Override
  protected Harness harness(long heartbeatMillis, long timeoutMillis) {
    Map<NodeId, NodeConfig> configs = new LinkedHashMap<>();
    for (NodeId id : IDS) {
      List<PeerAddress> peers = IDS.stream().filter(p -> !p.equals(id))
          .map(p -> new PeerAddress(p, "in-vm", 1)).toList();
      configs.put(id, NodeClusterHarness.config(id, root, heartbeatMillis, timeoutMillis)
          .embedded(true).port(0).peers(peers).build());
    }
    InVmTransportFactory factory = new InVmTransportFactory(network);
    return NodeClusterHarness.of(configs,
        config -> Node.builder(config).transport(factory).services(List.of()).start());
  }

  @Override
  protected long slackMillis() {
    return 1500;
  }
}
