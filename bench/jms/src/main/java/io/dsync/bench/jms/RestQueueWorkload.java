package io.dsync.bench.jms;

import io.dsync.bench.common.JsonPoster;
import io.dsync.bench.common.WorkerPool;
import io.dsync.bench.common.WorkloadOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
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
      return WorkloadOptions.ms(h, percentile);
    }
  }

  private RestQueueWorkload() {}

  /** Runs the workload; blocks for about {@code settings.duration()}. */
  public static Result run(Settings settings) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + settings.duration().toNanos();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String text = "x".repeat(settings.messageBytes());
    List<Worker> workers = WorkerPool.runAll(settings.threads(),
        t -> new Worker(settings.nodes().get(t % settings.nodes().size()), "rest-bench-" + run + "-" + t, text, end),
        Worker::run);
    Histogram enqueue = newHistogram();
    Histogram dequeue = newHistogram();
    Histogram ack = newHistogram();
    long rounds = 0;
    long empty = 0;
    long errors = 0;
    for (Worker w : workers) {
      enqueue.add(w.enqueue);
      dequeue.add(w.dequeue);
      ack.add(w.ack);
      rounds += w.rounds;
      empty += w.empty;
      errors += w.errors;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(rounds, empty, errors, seconds, enqueue, dequeue, ack);
  }

  private static Histogram newHistogram() {
    return WorkloadOptions.latencies();
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
    final String queue;
    final String text;
    final long endNanos;
    final JsonPoster http;
    final Histogram enqueue = newHistogram();
    final Histogram dequeue = newHistogram();
    final Histogram ack = newHistogram();
    long rounds;
    long empty;
    long errors;

    Worker(URI node, String queue, String text, long endNanos) {
      this.http = new JsonPoster(node, Duration.ofSeconds(30));
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
      JsonPoster.Answer a = http.post(path, json, latency, true);
      return a.ok() ? a.body() : null;
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
    WorkloadOptions o = WorkloadOptions.parse(args, Set.of("--nodes", "--seconds", "--threads", "--message-bytes"));
    return new Settings(o.nodes(), Duration.ofSeconds(o.number("--seconds", 30)), (int) o.number("--threads", 8),
        (int) o.number("--message-bytes", 100));
  }
}
