package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.cluster.NodeId;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real single node (TCP port and admin server on 127.0.0.1, ephemeral ports) with the services
 * found on the class path: the locks service starts on Raft and serves {@code /locks}, its
 * metrics and its {@code /status} section.
 */
class LockNodeIT {
  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> call(String base, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void node_servesLocksOverRest() throws Exception {
    NodeConfig config = NodeConfig.builder(NodeId.of("n1")).dataDir(dir).host("127.0.0.1").port(0)
        .adminHost("127.0.0.1").adminPort(0).setting("raft.fsync", "never").build();
    try (Node node = Node.start(config)) {
      assertThat(node.service(LockService.class)).isPresent();
      String base = "http://127.0.0.1:" + node.adminPort().orElseThrow();
      String acquire = "{\"resource\":\"orders\",\"client_id\":\"alice\",\"lock_type\":\"exclusive\",\"timeout_seconds\":5}";
      await().atMost(Duration.ofSeconds(30)).until(() -> call(base, "POST", "/locks/acquire", acquire).statusCode() == 200);
      JsonNode view = json.readTree(call(base, "GET", "/locks/orders", null).body());
      assertThat(view.get("type").asText()).isEqualTo("exclusive");
      assertThat(view.get("holders").get(0).get("client_id").asText()).isEqualTo("alice");

      HttpResponse<String> busy = call(base, "POST", "/locks/acquire",
          "{\"resource\":\"orders\",\"client_id\":\"bob\",\"lock_type\":\"shared\",\"timeout_seconds\":0}");
      assertThat(busy.statusCode()).isEqualTo(409);
      assertThat(json.readTree(busy.body()).get("leader_id").asText()).isEqualTo("n1");
      HttpResponse<String> bad = call(base, "POST", "/locks/acquire", "{\"resource\":\"orders\",\"client_id\":\"bob\","
          + "\"lock_type\":\"sideways\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("unknown lock_type 'sideways'");
      assertThat(call(base, "POST", "/locks/release", "{\"resource\":\"orders\",\"client_id\":\"bob\"}").statusCode())
          .isEqualTo(409);
      assertThat(call(base, "POST", "/locks/release", "{\"resource\":\"orders\",\"client_id\":\"alice\"}").statusCode())
          .isEqualTo(200);

      await().atMost(Duration.ofSeconds(10)).until(() -> call(base, "GET", "/metrics/prometheus", null).body()
          .contains("deadlocks_detected"));
      assertThat(call(base, "GET", "/metrics/prometheus", null).body()).contains("active_locks", "waiting_requests");
      assertThat(call(base, "GET", "/status", null).body()).contains("\"locks\"");
    }
  }
}
