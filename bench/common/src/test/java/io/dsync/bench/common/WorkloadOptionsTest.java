package io.dsync.bench.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class WorkloadOptionsTest {
  private static final Set<String> KNOWN = Set.of("--nodes", "--seconds");

  @Test
  void defaults_andGivenValues() {
    WorkloadOptions none = WorkloadOptions.parse(new String[0], KNOWN);
    assertThat(none.nodes()).isEqualTo(WorkloadOptions.LOCAL_CLUSTER);
    assertThat(none.number("--seconds", 30)).isEqualTo(30);
    WorkloadOptions given = WorkloadOptions.parse(new String[] {"--nodes", "http://127.0.0.1:9001, http://h:9002/", "--seconds", "5"}, KNOWN);
    assertThat(given.nodes()).containsExactly(URI.create("http://127.0.0.1:9001/"), URI.create("http://h:9002/"));
    assertThat(given.number("--seconds", 30)).isEqualTo(5);
  }

  @Test
  void badInput_namesTheOption() {
    assertThatThrownBy(() -> WorkloadOptions.parse(new String[] {"--bogus", "1"}, KNOWN)).hasMessage("unknown option --bogus");
    assertThatThrownBy(() -> WorkloadOptions.parse(new String[] {"--seconds"}, KNOWN)).hasMessage("missing value after --seconds");
    assertThatThrownBy(() -> WorkloadOptions.parse(new String[] {"--seconds", "soon"}, KNOWN).number("--seconds", 30))
        .hasMessage("--seconds needs a whole number, got 'soon'");
    assertThatThrownBy(() -> WorkloadOptions.parse(new String[] {"--nodes", "ftp://x"}, KNOWN).nodes())
        .hasMessageContaining("not an http://host:port URL");
  }

  @Test
  void latencies_printInMilliseconds_orADashWhenEmpty() {
    Histogram h = WorkloadOptions.latencies();
    assertThat(WorkloadOptions.ms(h, 50)).isEqualTo("-");
    h.recordValue(2_500);
    assertThat(WorkloadOptions.ms(h, 50)).isEqualTo("2.50 ms");
  }

  @Test
  void jsonPoster_returnsStatusAndBody_recordsLatency_andMinusOneWithoutAnAnswer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/echo", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(exchange.getRequestHeaders().getFirst("Content-Type").equals("application/json") ? 200 : 415,
          body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      JsonPoster poster = new JsonPoster(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofSeconds(5));
      Histogram latency = WorkloadOptions.latencies();
      JsonPoster.Answer a = poster.post("/echo", "{\"x\":1}", latency, true);
      assertThat(a.ok()).isTrue();
      assertThat(a.body()).isEqualTo("{\"x\":1}");
      assertThat(poster.post("/echo", "{}", latency, false).body()).isNull();
      assertThat(latency.getTotalCount()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
    JsonPoster nowhere = new JsonPoster(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofSeconds(2));
    Histogram latency = WorkloadOptions.latencies();
    assertThat(nowhere.post("/echo", "{}", latency, true).status()).isEqualTo(-1);
    assertThat(latency.getTotalCount()).isZero();
  }
}
