package io.dsync.bench.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * One workload client's HTTP connection to one node's admin server: posts JSON and records how
 * long each answered call took. Not thread-safe (one per worker thread).
 */
public final class JsonPoster {
  /** A call's outcome: the status code (-1 when no answer came: I/O error) and, if kept, the body. */
  public record Answer(int status, String body) {
    /** Whether the node answered 200. */
    public boolean ok() {
      return status == 200;
    }
  }

  private final URI node;
  private final Duration callTimeout;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param node the admin base URL ({@code http://host:port/})
   * @param callTimeout how long one call may take before it counts as failed
   */
  public JsonPoster(URI node, Duration callTimeout) {
    this.node = node;
    this.callTimeout = callTimeout;
  }

  /**
   * Posts {@code json} to {@code path}; records the latency of an answered call in microseconds
   * into {@code latency}; keeps the body only when {@code keepBody}.
   */
  public Answer post(String path, String json, Histogram latency, boolean keepBody) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(node.resolve(path)).timeout(callTimeout)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    long t0 = System.nanoTime();
    try {
      Answer answer;
      if (keepBody) {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        answer = new Answer(response.statusCode(), response.body());
      } else {
        answer = new Answer(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), null);
      }
      latency.recordValue(Math.min(latency.getHighestTrackableValue(), (System.nanoTime() - t0) / 1000));
      return answer;
    } catch (IOException e) {
      return new Answer(-1, null);
    }
  }
}
