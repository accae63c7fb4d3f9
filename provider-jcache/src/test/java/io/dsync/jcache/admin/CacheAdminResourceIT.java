package io.dsync.jcache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.jcache.DsyncCachingProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin resources over real HTTP: Jersey on Grizzly bound to 127.0.0.1, ephemeral port. */
class CacheAdminResourceIT {

  private final DsyncCachingProvider provider = new DsyncCachingProvider();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    CacheManager manager = provider.getCacheManager(URI.create("dsync:admin-it"), getClass().getClassLoader());
    manager.createCache("default", new MutableConfiguration<>().setStatisticsEnabled(true));
    manager.createCache("other", new MutableConfiguration<>().setStatisticsEnabled(true));
    CacheOperations ops = new CacheOperations(manager, "default");
    ResourceConfig rc = new ResourceConfig()
        .register(new DefaultCacheResource(ops))
        .register(new NamedCachesResource(ops))
        .register(JacksonFeature.class);
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), rc, false);
    server.start();
    int port = server.getListener("grizzly").getPort();
    base = "http://127.0.0.1:" + port;
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
    provider.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void defaultCache_roundTrip() throws Exception {
    HttpResponse<String> put = send("POST", "/cache", "{\"key\":\"user:1\",\"value\":{\"name\":\"Ada\"}}");
    assertThat(put.statusCode()).isEqualTo(200);
    HttpResponse<String> get = send("GET", "/cache/user:1", null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).contains("\"hit\":true").contains("\"name\":\"Ada\"").contains("\"state\":\"M\"");
    assertThat(send("GET", "/cache/status/user:1", null).body()).contains("\"state\":\"M\"");
    assertThat(send("GET", "/cache/all", null).body()).contains("user:1");
    HttpResponse<String> metrics = send("GET", "/cache/metrics", null);
    assertThat(metrics.body()).contains("\"hits\":1").contains("\"hit_rate\"").contains("\"evictions\":0")
        .contains("\"size\":1");
    assertThat(send("DELETE", "/cache/user:1", null).statusCode()).isEqualTo(200);
    HttpResponse<String> miss = send("GET", "/cache/user:1", null);
    assertThat(miss.statusCode()).isEqualTo(404);
    assertThat(miss.body()).contains("\"hit\":false");
    assertThat(miss.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    assertThat(send("GET", "/cache/status/user:1", null).body()).contains("\"state\":\"I\"");
  }

  @Test
  void namedCache_roundTrip_andUnknownCache() throws Exception {
    assertThat(send("POST", "/caches/other", "{\"key\":\"k\",\"value\":42}").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/caches/other/k", null).body()).contains("\"value\":42");
    assertThat(send("GET", "/caches/other/entries/k", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/cache/k", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/caches", null).body()).contains("other");
    HttpResponse<String> unknown = send("GET", "/caches/nope/k", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no cache named 'nope'");
  }

  @Test
  void badJson_is400Json() throws Exception {
    HttpResponse<String> r = send("POST", "/cache", "{not json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\":\"bad_request\"").contains("malformed JSON");
    assertThat(send("GET", "/cache/all", null).body()).contains("\"count\":0");
  }
}
