package io.dsync.jms.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.cluster.NodeId;
import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /queue REST API on a real node's admin port (loopback, ephemeral ports), shared with JMS. */
class QueueResourceIT {
  @TempDir
  Path dir;

  private Node node;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private String base;

  @BeforeEach
  void startNode() {
    node = Node.builder(NodeConfig.builder(NodeId.of("rest1")).host("127.0.0.1").port(0).adminHost("127.0.0.1").adminPort(0)
            .dataDir(dir).setting("jms.rest.visibility-millis", "300").build())
        .services(List.of(new JmsNodeService())).start();
    base = "http://127.0.0.1:" + node.adminPort().orElseThrow() + "/queue/";
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(HttpResponse<String> r) throws Exception {
    return json.readValue(r.body(), Map.class);
  }

  @Test
  void metrics_showTheBrokersMessagesAndItsMemoryBudget() throws Exception {
    post("enqueue", "{\"queue_name\":\"metered\",\"message\":\"hello\"}");
    String metrics = "http://127.0.0.1:" + node.adminPort().orElseThrow() + "/metrics/prometheus";
    await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(URI.create(metrics)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body().contains("jms_messages{service=\"jms\"} 1.0"));
    String body = http.send(HttpRequest.newBuilder(URI.create(metrics)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body).contains("jms_stored_bytes{service=\"jms\"}", "jms_max_stored_bytes{service=\"jms\"}",
        "jms_wal_syncs_total{service=\"jms\"}", "jms_wal_compactions_total{service=\"jms\"} 0.0", "jms_queues{service=\"jms\"}");
    assertThat(body).doesNotContain("jms_stored_bytes{service=\"jms\"} 0.0");
  }

  @Test
  void enqueueDequeueAck_roundTrip_andStatusCounts() throws Exception {
    HttpResponse<String> e = post("enqueue", "{\"queue_name\":\"orders\",\"message\":\"hello\"}");
    assertThat(e.statusCode()).isEqualTo(200);
    String id = (String) map(e).get("message_id");
    assertThat(map(e).get("node_id")).isEqualTo("rest1");

    Map<String, Object> d = map(post("dequeue", "{\"queue_name\":\"orders\"}"));
    assertThat(d.get("message")).isEqualTo("hello");
    assertThat(d.get("message_id")).isEqualTo(id);
    assertThat(d.get("delivery_time")).isNotNull();

    Map<String, Object> s = map(get("status/orders"));
    assertThat(s).containsEntry("size", 1).containsEntry("in_flight", 1).containsEntry("enqueued", 1).containsEntry("dequeued", 1);

    assertThat(map(post("ack", "{\"message_id\":\"" + id + "\"}"))).containsEntry("success", true);
    assertThat(map(get("status/orders"))).containsEntry("size", 0).containsEntry("acked", 1);
    assertThat(map(get("all")).get("queues").toString()).contains("orders");
  }

  @Test
  void dequeued_notAcked_returnsAfterVisibilityTimeout() throws Exception {
    post("enqueue", "{\"queue_name\":\"v\",\"message\":{\"k\":1}}");
    Map<String, Object> first = map(post("dequeue", "{\"queue_name\":\"v\"}"));
    assertThat(first.get("message")).isEqualTo("{\"k\":1}");
    assertThat(map(post("dequeue", "{\"queue_name\":\"v\"}")).get("message")).isNull();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> map(post("dequeue", "{\"queue_name\":\"v\"}")).get("message") != null);
  }

  @Test
  void messageIds_unique() throws Exception {
    Set<Object> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ids.add(map(post("enqueue", "{\"queue_name\":\"u\",\"message\":\"" + i + "\"}")).get("message_id"));
    }
    assertThat(ids).hasSize(50);
  }

  @Test
  void badInput_clearErrors_brokerKeepsRunning() throws Exception {
    assertThat(get("status/nope").statusCode()).isEqualTo(404);
    assertThat(post("dequeue", "{\"queue_name\":\"nope\"}").statusCode()).isEqualTo(404);
    assertThat(post("ack", "{\"message_id\":\"ID:none\"}").statusCode()).isEqualTo(404);
    assertThat(post("enqueue", "{\"message\":\"x\"}").statusCode()).isEqualTo(400);
    assertThat(post("enqueue", "{\"queue_name\":\"q\"}").statusCode()).isEqualTo(400);
    assertThat(post("enqueue", "{\"queue_name\":\"\",\"message\":\"x\"}").statusCode()).isEqualTo(400);
    assertThat(post("ack", "{}").statusCode()).isEqualTo(400);
    HttpResponse<String> broken = post("enqueue", "{not json");
    assertThat(broken.statusCode()).isEqualTo(400);
    HttpResponse<String> notFound = get("status/nope");
    assertThat(map(notFound)).containsKey("message");
    assertThat(post("enqueue", "{\"queue_name\":\"q\",\"message\":\"still works\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void restAndJms_seeTheSameQueues() throws Exception {
    post("enqueue", "{\"queue_name\":\"shared\",\"message\":\"from rest\"}");
    DsyncConnectionFactory f = new DsyncConnectionFactory("vm://rest1");
    try (Connection c = f.createConnection()) {
      c.start();
      Session s = c.createSession();
      TextMessage m = (TextMessage) s.createConsumer(s.createQueue("shared")).receive(2000);
      assertThat(m.getText()).isEqualTo("from rest");
      s.createProducer(s.createQueue("back")).send(s.createTextMessage("from jms"));
    }
    assertThat(map(post("dequeue", "{\"queue_name\":\"back\"}")).get("message")).isEqualTo("from jms");
  }
}
