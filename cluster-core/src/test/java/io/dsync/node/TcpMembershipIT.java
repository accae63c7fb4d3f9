package io.dsync.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.cluster.NodeId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The membership contract on a 3-node in-process cluster over Netty TCP on 127.0.0.1 (free
 * ports), plus the admin view: every node's {@code GET /status} lists the other two alive.
 */
class TcpMembershipIT extends MembershipContractAccess {
  @TempDir Path root;

  /**
   * A free port on 127.0.0.1 below Linux's ephemeral range (32768+), so that no outgoing
   * connection takes it between this check and the node's bind.
   */
  static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port in 20000..32000");
  }

  private Map<NodeId, NodeConfig> configs(long heartbeatMillis, long timeoutMillis, boolean admin) {
    Map<NodeId, Integer> ports = new LinkedHashMap<>();
    IDS.forEach(id -> ports.put(id, freePort()));
    Map<NodeId, NodeConfig> configs = new LinkedHashMap<>();
    for (NodeId id : IDS) {
      List<PeerAddress> peers = IDS.stream().filter(p -> !p.equals(id))
          .map(p -> new PeerAddress(p, "127.0.0.1", ports.get(p))).toList();
      configs.put(id, NodeClusterHarness.config(id, root, heartbeatMillis, timeoutMillis)
          .port(ports.get(id)).peers(peers).adminPort(admin ? 0 : -1).build());
    }
    return configs;
  }

  @Override
  protected Harness harness(long heartbeatMillis, long timeoutMillis) {
    return NodeClusterHarness.of(configs(heartbeatMillis, timeoutMillis, false),
        config -> Node.builder(config).services(List.of()).start());
  }

  @Override
  protected long slackMillis() {
    return 1500;
  }

  @Test
  void adminStatus_onEveryNode_listsAllAlive() throws Exception {
    NodeClusterHarness.MembershipContractHarness h = NodeClusterHarness.of(
        configs(HEARTBEAT, TIMEOUT, true), config -> Node.builder(config).services(List.of()).start());
    try (h) {
      h.startAll();
      assertThat(h.await(() -> h.nodes.values().stream().allMatch(n -> n.membership().view().aliveIds().size() == 3), 10_000)).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      ObjectMapper json = new ObjectMapper();
      for (Node node : h.nodes.values()) {
        assertThat(node.boundPort()).contains(node.config().port());
        String base = "http://127.0.0.1:" + node.adminPort().orElseThrow() + "/";
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base + "status")).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(status.body());
        assertThat(body.get("nodeId").asText()).isEqualTo(node.id().value());
        assertThat(body.get("alive")).hasSize(3);
        assertThat(body.get("peers")).hasSize(2).allSatisfy(p -> assertThat(p.get("alive").asBoolean()).isTrue());
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        JsonNode cluster = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "cluster")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        assertThat(cluster.get("ring").get("members")).hasSize(3);
        String prometheus = http.send(HttpRequest.newBuilder(URI.create(base + "metrics/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(prometheus).contains("jvm_memory_used_bytes").contains("dsync_members_alive 3.0")
            .contains("dsync_transport_frames_sent_total");
      }
    }
  }
}
