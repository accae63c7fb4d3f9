package io.dsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.cluster.FailureDetector;
import io.dsync.cluster.MembershipView;
import io.dsync.cluster.NodeId;
import io.dsync.ring.HashRing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The admin server over real HTTP on 127.0.0.1 (ephemeral port): shapes, errors, auth. */
class AdminServerIT {
  private static final String TOKEN = "test-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private AdminServer server;
  private final AtomicBoolean healthy = new AtomicBoolean(true);

  /** A service's resource, as services register them. */
  @Path("/test")
  public static final class TestResource {
    /** A request body. */
    public record Body(String name, int count) {}

    @POST
    @Path("echo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Body echo(Body body) {
      return body;
    }

    @GET
    @Path("boom")
    public String boom() {
      throw new IllegalStateException("kaboom");
    }

    @GET
    @Path("count")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> count(@jakarta.ws.rs.QueryParam("limit") Integer limit) {
      return Map.of("limit", limit == null ? 0 : limit);
    }

    @GET
    @Path("missing")
    public String missing() {
      throw new jakarta.ws.rs.NotFoundException("no widget 'w' here");
    }
  }

  private static final class Source implements NodeStatusSource {
    final FailureDetector detector;

    Source() {
      NodeId a = NodeId.of("node-1");
      detector = new FailureDetector(a, List.of(a, NodeId.of("node-2"), NodeId.of("node-3")), 1000, 0);
      detector.onHeartbeat(NodeId.of("node-2"), 10);
    }

    @Override
    public MembershipView membership() {
      return detector.view();
    }

    @Override
    public HashRing ring() {
      return HashRing.of(detector.view().ids(), 16);
    }

    @Override
    public Map<String, String> addresses() {
      return Map.of("node-1", "127.0.0.1:7001", "node-2", "127.0.0.1:7002");
    }

    @Override
    public String version() {
      return "9.9.9-test";
    }

    @Override
    public long startedAtMillis() {
      return System.currentTimeMillis() - 1000;
    }

    @Override
    public boolean running() {
      return true;
    }
  }

  private void start(Optional<String> token) {
    AdminExtensions extensions = new AdminExtensions();
    extensions.register(new TestResource());
    extensions.addStatus("test", () -> Map.of("answer", 42));
    extensions.addHealthCheck("flag", healthy::get);
    extensions.setRole(() -> "follower");
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.counter("dsync.test.count", "kind", "a").increment(3);
    server = new AdminServer(new AdminSettings("127.0.0.1", 0, token), new Source(), metrics, extensions);
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void status_listsNodeRolePeersVersionUptimeAndSections() throws Exception {
    start(Optional.empty());
    HttpResponse<String> r = get("status");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("nodeId").asText()).isEqualTo("node-1");
    assertThat(body.get("role").asText()).isEqualTo("follower");
    assertThat(body.get("version").asText()).isEqualTo("9.9.9-test");
    assertThat(body.get("uptimeMillis").asLong()).isGreaterThanOrEqualTo(1000);
    assertThat(body.get("peers")).hasSize(2);
    assertThat(body.get("peers").get(0).get("id").asText()).isEqualTo("node-2");
    assertThat(body.get("peers").get(0).get("alive").asBoolean()).isTrue();
    assertThat(body.get("peers").get(1).get("liveness").asText()).isEqualTo("suspect");
    assertThat(body.get("test").get("answer").asInt()).isEqualTo(42);
    assertThat(body.get("address").asText()).isEqualTo("127.0.0.1:7001");
  }

  @Test
  void root_listsEndpoints() throws Exception {
    start(Optional.empty());
    JsonNode body = JSON.readTree(get("").body());
    assertThat(body.get("endpoints").toString()).contains("/status").contains("/metrics/prometheus");
  }

  @Test
  void health_200Or503WithChecks() throws Exception {
    start(Optional.empty());
    assertThat(get("health").statusCode()).isEqualTo(200);
    healthy.set(false);
    HttpResponse<String> r = get("health");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(r.body()).get("checks").get("flag").asText()).isEqualTo("DOWN");
  }

  @Test
  void cluster_membersAndRingSummary() throws Exception {
    start(Optional.empty());
    JsonNode body = JSON.readTree(get("cluster").body());
    assertThat(body.get("members")).hasSize(3);
    assertThat(body.get("members").get(0).get("address").asText()).isEqualTo("127.0.0.1:7001");
    assertThat(body.get("ring").get("virtualNodes").asInt()).isEqualTo(16);
    double total = 0;
    for (JsonNode share : body.get("ring").get("ownership")) {
      total += share.asDouble();
    }
    assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void owners_ofAKey_matchTheRing_badCount400() throws Exception {
    start(Optional.empty());
    JsonNode body = JSON.readTree(get("cluster/owners/user:42?n=2").body());
    List<String> expected = new Source().ring().preferenceList("user:42", 2).stream().map(NodeId::value).toList();
    assertThat(body.get("owners").toString()).isEqualTo(JSON.writeValueAsString(expected));
    HttpResponse<String> bad = get("cluster/owners/user:42?n=9");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("n must be 1..3");
    assertThat(get("cluster/owners/k?n=x").statusCode()).isEqualTo(400);
  }

  @Test
  void metrics_jsonAndPrometheus() throws Exception {
    start(Optional.empty());
    JsonNode body = JSON.readTree(get("metrics").body());
    assertThat(body.get("meters").findValuesAsText("name")).contains("dsync.test.count");
    HttpResponse<String> prom = get("metrics/prometheus");
    assertThat(prom.statusCode()).isEqualTo(200);
    assertThat(prom.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(prom.body()).contains("dsync_test_count_total{kind=\"a\"} 3.0");
  }

  @Test
  void openApi_served() throws Exception {
    start(Optional.empty());
    HttpResponse<String> r = get("openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("openapi: 3").contains("/status");
  }

  @Test
  void unknownPath_404Json() throws Exception {
    start(Optional.empty());
    HttpResponse<String> r = get("no/such/thing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asInt()).isEqualTo(404);
    assertThat(body.get("error").asText()).isEqualTo("not_found");
    assertThat(body.get("message").asText()).isEqualTo("no resource at GET /no/such/thing");
    HttpResponse<String> post = post("nope?x=1", "{}", null);
    assertThat(post.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(post.body()).get("message").asText()).isEqualTo("no resource at POST /nope");
  }

  @Test
  void resourcesOwn404_keepsItsMessage() throws Exception {
    start(Optional.empty());
    HttpResponse<String> r = get("test/missing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("no widget 'w' here");
  }

  @Test
  void unconvertibleQueryParameter_404NamingTheParameter() throws Exception {
    start(Optional.empty());
    assertThat(JSON.readTree(get("test/count?limit=7").body()).get("limit").asInt()).isEqualTo(7);
    HttpResponse<String> r = get("test/count?limit=many");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("not_found");
    assertThat(body.get("message").asText()).startsWith("query parameter 'limit' is not valid").contains("many");
  }

  @Test
  void wrongMethod_405Json() throws Exception {
    start(Optional.empty());
    HttpResponse<String> r = post("status", "{}", null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void malformedBody_400JsonNamingTheProblem() throws Exception {
    start(Optional.empty());
    HttpResponse<String> bad = post("test/echo", "{\"name\": \"x\", \"count\": ", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(bad.body());
    assertThat(body.get("error").asText()).isEqualTo("bad_request");
    assertThat(body.get("message").asText()).startsWith("malformed JSON body");
    HttpResponse<String> wrongType = post("test/echo", "{\"name\": \"x\", \"count\": \"many\"}", null);
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrongType.body()).get("message").asText()).contains("count");
    HttpResponse<String> unknownField = post("test/echo", "{\"nam\": \"x\"}", null);
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknownField.body()).get("message").asText()).contains("nam");
    HttpResponse<String> ok = post("test/echo", "{\"name\": \"x\", \"count\": 2}", null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("count").asInt()).isEqualTo(2);
  }

  @Test
  void serverError_500JsonWithCorrelationIdThatIsLogged() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(InternalErrorMapper.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      start(Optional.empty());
      HttpResponse<String> r = get("test/boom");
      assertThat(r.statusCode()).isEqualTo(500);
      JsonNode body = JSON.readTree(r.body());
      String id = body.get("correlationId").asText();
      assertThat(id).isNotBlank();
      assertThat(body.get("message").asText()).contains(id).doesNotContain("kaboom");
      assertThat(appender.list).anySatisfy(e -> {
        assertThat(e.getFormattedMessage()).contains(id);
        assertThat(e.getThrowableProxy().getMessage()).isEqualTo("kaboom");
      });
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void withToken_mutatingCallsNeedIt_readsStayOpen() throws Exception {
    start(Optional.of(TOKEN));
    HttpResponse<String> none = post("test/echo", "{\"name\": \"x\", \"count\": 1}", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(none.body()).get("error").asText()).isEqualTo("unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(post("test/echo", "{\"name\": \"x\", \"count\": 1}", "Bearer wrong-token-0000000").statusCode())
        .isEqualTo(401);
    assertThat(post("test/echo", "{\"name\": \"x\", \"count\": 1}", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(get("status").statusCode()).isEqualTo(200);
  }

  @Test
  void registrationsAfterStart_refused() {
    AdminExtensions extensions = new AdminExtensions();
    server = new AdminServer(AdminSettings.loopbackEphemeral(), new Source(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), extensions);
    server.start();
    assertThatThrownBy(() -> extensions.register(new TestResource()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NodeService.start");
  }

  @Test
  void oversizedBody_413JsonBeforeReading() throws Exception {
    start(Optional.empty());
    byte[] big = new byte[(int) BodySizeFilter.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "test/echo"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("payload_too_large");
  }
}
