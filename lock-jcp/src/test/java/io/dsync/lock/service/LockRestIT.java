package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.lock.LocalLockEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lock REST API over real HTTP (Jersey on Grizzly, 127.0.0.1, ephemeral port), JSON as a client sees it. */
class LockRestIT {
  private final ObjectMapper json = new ObjectMapper();
  // HTTP/1.1: the JDK client's h2c upgrade request stalls Grizzly reading the body.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private LocalLockEngine engine;
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    engine = new LocalLockEngine();
    ResourceConfig config = new ResourceConfig().register(JacksonFeature.class).register(new LockResource(engine));
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config, true);
    base = "http://127.0.0.1:" + server.getListener("grizzly").getPort();
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
    engine.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acquireReleaseAndViews_overHttp() throws Exception {
    HttpResponse<String> ok = post("/locks/acquire",
        "{\"resource\":\"orders\",\"client_id\":\"alice\",\"lock_type\":\"exclusive\",\"timeout_seconds\":0}");
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode a = json.readTree(ok.body());
    assertThat(a.get("success").asBoolean()).isTrue();
    assertThat(a.get("fence").asLong()).isEqualTo(1);
    assertThat(a.get("lock_id").asText()).isEqualTo("orders#1");

    HttpResponse<String> busy = post("/locks/acquire",
        "{\"resource\":\"orders\",\"client_id\":\"bob\",\"lock_type\":\"shared\",\"timeout_seconds\":0.1}");
    assertThat(busy.statusCode()).isEqualTo(409);
    assertThat(json.readTree(busy.body()).get("queue_position").asInt()).isEqualTo(1);

    JsonNode view = json.readTree(get("/locks/orders").body());
    assertThat(view.get("type").asText()).isEqualTo("exclusive");
    assertThat(view.get("holders").get(0).get("client_id").asText()).isEqualTo("alice");
    assertThat(view.get("waiting")).isEmpty();
    assertThat(json.readTree(get("/locks").body()).get("locks")).hasSize(1);

    assertThat(post("/locks/release", "{\"resource\":\"orders\",\"client_id\":\"bob\"}").statusCode()).isEqualTo(409);
    assertThat(post("/locks/release", "{\"resource\":\"orders\",\"client_id\":\"alice\"}").statusCode()).isEqualTo(200);
    assertThat(json.readTree(get("/locks/orders").body()).get("type").asText()).isEqualTo("free");
  }

  @Test
  void manyWaitingAcquires_doNotBlockOtherRequests() throws Exception {
    assertThat(post("/locks/acquire", "{\"resource\":\"hot\",\"client_id\":\"owner\"}").statusCode()).isEqualTo(200);
    java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> waiting = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      waiting.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/locks/acquire"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"resource\":\"hot\",\"client_id\":\"w" + i + "\",\"timeout_seconds\":30}")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> json.readTree(get("/locks/hot").body()).get("waiting").size() == 40);
    assertThat(post("/locks/release", "{\"resource\":\"hot\",\"client_id\":\"owner\"}").statusCode()).isEqualTo(200);
    // FIFO order is arrival order at the node, not loop order: release whoever was granted next
    java.util.Set<Integer> left = new java.util.TreeSet<>();
    for (int i = 0; i < 40; i++) {
      left.add(i);
    }
    while (!left.isEmpty()) {
      int granted = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
          .until(() -> left.stream().filter(i -> waiting.get(i).isDone()).findFirst().orElse(-1), i -> i >= 0);
      assertThat(waiting.get(granted).get().statusCode()).isEqualTo(200);
      assertThat(post("/locks/release", "{\"resource\":\"hot\",\"client_id\":\"w" + granted + "\"}").statusCode())
          .isEqualTo(200);
      left.remove(granted);
    }
  }

  @Test
  void badRequests_400WithReason() throws Exception {
    HttpResponse<String> mode = post("/locks/acquire", "{\"resource\":\"r\",\"client_id\":\"a\",\"lock_type\":\"up\"}");
    assertThat(mode.statusCode()).isEqualTo(400);
    assertThat(json.readTree(mode.body()).get("message").asText()).contains("unknown lock_type 'up'");
    HttpResponse<String> missing = post("/locks/acquire", "{\"client_id\":\"a\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json.readTree(missing.body()).get("message").asText()).isEqualTo("missing field: resource");
    assertThat(post("/locks/acquire", "{not json").statusCode()).isEqualTo(400);
    assertThat(json.readTree(get("/locks").body()).get("locks")).isEmpty();
  }
}
