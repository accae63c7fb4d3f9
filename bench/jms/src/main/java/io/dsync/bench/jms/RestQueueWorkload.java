package io.dsync.bench.jms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The report's REST queue workload against a running cluster (for example {@code ./dsync up}):
 * for a fixed time, each worker thread loops {@code POST /queue/enqueue} of a small text message,
 * {@code POST /queue/dequeue} and {@code POST /queue/ack} of the message it got, on its own queue
 * of its node (worker i talks to node i mod n: each node's broker serves the queues it holds, so
 * a worker keeps to one node). Prints HTTP calls per second (enqueue, dequeue and ack each count
 * as one operation), round trips (enqueue+dequeue+ack) per second, and p50/p99/max latency of
 * each call.
 *
 * <pre>
 * java -cp bench/jms/target/classes:$(cat bench/jms/target/classpath.txt) io.dsync.bench.jms.RestQueueWorkload \
 *   --nodes http://127.0.0.1:8001,http://127.0.0.1:8002,http://127.0.0.1:8003 --seconds 30 --threads 8
 * </pre>
 */
public final class RestQueueWorkload {
  private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * What to run.
   *
   * @param nodes admin base URLs ({@code http://host:port})
   * @param duration how long to run
   * @param threads concurrent clients, each with its own queue and HTTP connection
   * @param messageBytes size of each enqueued text message
   */
  public record Settings(List<URI> nodes, Duration duration, int threads, int messageBytes) {
    public Settings {
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("no node URL given");
      }
      if (duration.isNegative() || duration.isZero() || threads < 1 || messageBytes < 1) {
        throw new IllegalArgumentException("duration, threads and message bytes must be positive");
      }
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * What happened. Latencies in microseconds.
   *
   * @param roundTrips enqueue+dequeue+ack rounds completed
   * @param empty dequeues that found the queue empty
   * @param errors calls that failed (I/O error or a status other than 200)
   * @param seconds the measured time
   */
  public record Result(long roundTrips, long empty, long errors, double seconds, Histogram enqueue, Histogram dequeue,
      Histogram ack) {
    /** HTTP calls answered per second (enqueues, dequeues and acks). */
    public double operationsPerSecond() {
      return (enqueue.getTotalCount() + dequeue.getTotalCount() + ack.getTotalCount()) / seconds;
    }

    /** A human-readable summary. */
    public String summary() {
      Histogram all = enqueue.copy();
      all.add(dequeue);
      all.add(ack);
      return String.format(Locale.ROOT,
          "%.0f ops/s (HTTP calls), %.0f enqueue+dequeue+ack rounds/s over %.1f s; %d empty dequeues, %d errors%n"
              + "  all calls  p50 %s  p99 %s  max %s%n  enqueue    p50 %s  p99 %s  max %s%n"
              + "  dequeue    p50 %s  p99 %s  max %s%n  ack        p50 %s  p99 %s  max %s",
          operationsPerSecond(), roundTrips / seconds, seconds, empty, errors,
          ms(all, 50), ms(all, 99), ms(all, 100), ms(enqueue, 50), ms(enqueue, 99), ms(enqueue, 100),
          ms(dequeue, 50), ms(dequeue, 99), ms(dequeue, 100), ms(ack, 50), ms(ack, 99), ms(ack, 100));
    }

    private static String ms(Histogram h, double percentile) {
      return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", h.getValueAtPercentile(percentile) / 1000.0);
    }
  }

  private RestQueueWorkload() {}

  /** Runs the workload; blocks for about {@code settings.duration()}. */
  public static Result run(Settings settings) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
    List<Future<Worker>> futures = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + settings.duration().toNanos();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String text = "x".repeat(settings.messageBytes());
    for (int t = 0; t < settings.threads(); t++) {
      Worker w = new Worker(settings.nodes().get(t % settings.nodes().size()), "rest-bench-" + run + "-" + t, text, end);
      futures.add(pool.submit(() -> {
        w.run();
        return w;
      }));
    }
    Histogram enqueue = newHistogram();
    Histogram dequeue = newHistogram();
    Histogram ack = newHistogram();
    long rounds = 0;
    long empty = 0;
    long errors = 0;
    try {
      for (Future<Worker> f : futures) {
        Worker w = f.get();
        enqueue.add(w.enqueue);
        dequeue.add(w.dequeue);
        ack.add(w.ack);
        rounds += w.rounds;
        empty += w.empty;
        errors += w.errors;
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(rounds, empty, errors, seconds, enqueue, dequeue, ack);
  }

  private static Histogram newHistogram() {
    return new Histogram(60_000_000L, 3); // up to 60 s in microseconds
  }

  /** The first {@code message_id} string in a JSON body, or null (none, or {@code null}). */
  static String messageId(String json) {
    Matcher m = MESSAGE_ID.matcher(json);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
  }

  static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** One client: its own queue, connection and histograms. */
  private static final class Worker {
    final URI node;
    final String queue;
    final String text;
    final long endNanos;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    final Histogram enqueue = newHistogram();
    final Histogram dequeue = newHistogram();
    final Histogram ack = newHistogram();
    long rounds;
    long empty;
    long errors;

    Worker(URI node, String queue, String text, long endNanos) {
      this.node = node;
      this.queue = queue;
      this.text = text;
      this.endNanos = endNanos;
    }

    void run() throws InterruptedException {
      String name = jsonString(queue);
      while (System.nanoTime() < endNanos) {
        if (post("/queue/enqueue", "{\"queue_name\":" + name + ",\"message\":" + jsonString(text) + "}", enqueue) == null) {
          errors++;
          continue;
        }
        String got = post("/queue/dequeue", "{\"queue_name\":" + name + "}", dequeue);
        if (got == null) {
          errors++;
          continue;
        }
        String id = messageId(got);
        if (id == null) {
          empty++;
          continue;
        }
        if (post("/queue/ack", "{\"message_id\":" + jsonString(id) + ",\"queue_name\":" + name + "}", ack) == null) {
          errors++;
        } else {
          rounds++;
        }
      }
    }

    /** The body of a 200 answer, or null for an I/O error or another status; records latency. */
    private String post(String path, String json, Histogram latency) throws InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(node.resolve(path)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        latency.recordValue(Math.min(latency.getHighestTrackableValue(), (System.nanoTime() - t0) / 1000));
        return response.statusCode() == 200 ? response.body() : null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** Command line: {@code --nodes URL,URL --seconds 30 --threads 8 --message-bytes 100}. */
  public static void main(String[] args) throws InterruptedException {
    Settings s;
    try {
      s = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("usage: RestQueueWorkload [--nodes http://127.0.0.1:8001,http://127.0.0.1:8002,http://127.0.0.1:8003]"
          + " [--seconds 30] [--threads 8] [--message-bytes 100]");
      System.exit(2);
      return;
    }
    System.out.println("REST queue workload: " + s.threads() + " clients (one queue each), " + s.messageBytes() + "-byte messages, "
        + s.duration().toSeconds() + " s against " + s.nodes());
    System.out.println(run(s).summary());
  }

  static Settings parse(String[] args) {
    List<URI> nodes = List.of(URI.create("http://127.0.0.1:8001/"), URI.create("http://127.0.0.1:8002/"),
        URI.create("http://127.0.0.1:8003/"));
    long seconds = 30;
    int threads = 8;
    int bytes = 100;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name);
      }
      String value = args[++i];
      try {
        switch (name) {
          case "--nodes" -> nodes = Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty())
              .map(RestQueueWorkload::baseUri).toList();
          case "--seconds" -> seconds = Long.parseLong(value);
          case "--threads" -> threads = Integer.parseInt(value);
          case "--message-bytes" -> bytes = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
      }
    }
    return new Settings(nodes, Duration.ofSeconds(seconds), threads, bytes);
  }

  private static URI baseUri(String url) {
    URI u = URI.create(url.endsWith("/") ? url : url + "/");
    if (!"http".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("not an http://host:port URL: '" + url + "'");
    }
    return u;
  }
}
