package io.dsync.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Small HTTP probes of admin endpoints, for the launcher (no curl needed). */
final class AdminProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private AdminProbe() {}

  /** GET url; the status code, or -1 with no answer. */
  static int statusCode(String url) {
    try {
      return get(url).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String base(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  /** {@code dsync health URL...}: 0 when every node's /health is 200. */
  @Command(name = "health", mixinStandardHelpOptions = true,
      description = "Checks GET /health of admin URLs; with --wait, waits until all are 200.")
  static final class HealthCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "ADMIN_URL", description = "such as http://127.0.0.1:8081/")
    List<String> urls = new ArrayList<>();

    @Option(names = "--wait", paramLabel = "SECONDS", description = "wait up to this long (default 0)")
    int waitSeconds;

    @Option(names = "--pids", split = ",", paramLabel = "PID",
        description = "stop waiting as soon as one of these processes has exited")
    List<Long> pids = new ArrayList<>();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(0, waitSeconds)).toNanos();
      while (true) {
        List<String> down = new ArrayList<>();
        for (String url : urls) {
          int code = statusCode(base(url) + "health");
          if (code != 200) {
            down.add(url + " (" + (code < 0 ? "no answer" : "HTTP " + code) + ")");
          }
        }
        if (down.isEmpty()) {
          out.println("healthy: " + String.join(" ", urls));
          return 0;
        }
        for (long pid : pids) {
          if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            out.println("not healthy: process " + pid + " has exited; waiting for " + String.join(", ", down));
            return 1;
          }
        }
        if (System.nanoTime() >= deadline) {
          out.println("not healthy: " + String.join(", ", down));
          return 1;
        }
        Thread.sleep(250);
      }
    }
  }

  /** {@code dsync status URL...}: prints each node's /status. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Prints GET /status of each admin URL; exit 1 if any does not answer.")
  static final class StatusCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "ADMIN_URL")
    List<String> urls = new ArrayList<>();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      int code = 0;
      for (String url : urls) {
        out.println("== " + base(url) + "status");
        try {
          HttpResponse<String> response = get(base(url) + "status");
          out.println(response.body());
        } catch (IOException e) {
          out.println("no answer: " + e.getMessage());
          code = 1;
        }
      }
      out.flush();
      return code;
    }
  }
}
