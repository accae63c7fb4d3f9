package io.dsync.bench.lock;

import io.dsync.bench.common.JsonPoster;
import io.dsync.bench.common.WorkerPool;
import io.dsync.bench.common.WorkloadOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * The report's REST lock workload against a running cluster (for example {@code ./dsync up}):
 * for a fixed time, each worker thread loops {@code POST /locks/acquire} (exclusive, waiting up
 * to {@code --timeout-seconds}) then {@code POST /locks/release} on a random one of
 * {@code --resources} resources, as its own {@code client_id}, against the admin URLs in turn
 * (worker i talks to node i mod n; a node that does not lead forwards to the leader). Prints the
 * HTTP calls per second (acquire and release each count as one operation), acquire+release pairs
 * per second, and p50/p99/max latency of each call.
 *
 * <pre>
 * java -cp bench/lock/target/benchmarks.jar io.dsync.bench.lock.RestLockWorkload \
 *   --nodes http://127.0.0.1:8001,http://127.0.0.1:8002,http://127.0.0.1:8003 --seconds 30 --threads 8 --resources 4
 * </pre>
 */
public final class RestLockWorkload {
  /**
   * What to run.
   *
   * @param nodes admin base URLs ({@code http://host:port})
   * @param duration how long to run
   * @param threads concurrent clients, each with its own {@code client_id} and HTTP connection
   * @param resources how many lock names the clients pick from (fewer means more contention)
   * @param timeoutSeconds how long one acquire may wait in the queue
   */
  public record Settings(List<URI> nodes, Duration duration, int threads, int resources, int timeoutSeconds) {
    public Settings {
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("no node URL given");
      }
      if (duration.isNegative() || duration.isZero() || threads < 1 || resources < 1 || timeoutSeconds < 0) {
        throw new IllegalArgumentException("duration, threads and resources must be positive, timeout not negative");
      }
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * What happened. Latencies in microseconds.
   *
   * @param pairs acquire+release pairs completed
   * @param refused acquires answered other than 200 (time-outs in the queue: 409)
   * @param errors calls that failed (I/O error, 5xx, or a release other than 200)
   * @param seconds the measured time
   */
  public record Result(long pairs, long refused, long errors, double seconds, Histogram acquire, Histogram release) {
    /** HTTP calls answered per second (acquires and releases). */
    public double operationsPerSecond() {
      return (acquire.getTotalCount() + release.getTotalCount()) / seconds;
    }

    /** A human-readable summary. */
    public String summary() {
      Histogram all = acquire.copy();
      all.add(release);
      return String.format(Locale.ROOT,
          "%.0f ops/s (HTTP calls), %.0f acquire+release pairs/s over %.1f s; %d refused, %d errors%n"
              + "  all calls  p50 %s  p99 %s  max %s%n  acquire    p50 %s  p99 %s  max %s%n"
              + "  release    p50 %s  p99 %s  max %s",
          operationsPerSecond(), pairs / seconds, seconds, refused, errors,
          WorkloadOptions.ms(all, 50), WorkloadOptions.ms(all, 99), WorkloadOptions.ms(all, 100),
          WorkloadOptions.ms(acquire, 50), WorkloadOptions.ms(acquire, 99), WorkloadOptions.ms(acquire, 100),
          WorkloadOptions.ms(release, 50), WorkloadOptions.ms(release, 99), WorkloadOptions.ms(release, 100));
    }

  }

  private RestLockWorkload() {}

  /** Runs the workload; blocks for about {@code settings.duration()}. */
  public static Result run(Settings settings) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + settings.duration().toNanos();
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Worker> workers = WorkerPool.runAll(settings.threads(),
        t -> new Worker(settings, settings.nodes().get(t % settings.nodes().size()), "rest-bench-" + run + "-" + t,
            new Random(t), end), Worker::run);
    Histogram acquire = newHistogram();
    Histogram release = newHistogram();
    long pairs = 0;
    long refused = 0;
    long errors = 0;
    for (Worker w : workers) {
      acquire.add(w.acquire);
      release.add(w.release);
      pairs += w.pairs;
      refused += w.refused;
      errors += w.errors;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(pairs, refused, errors, seconds, acquire, release);
  }

  private static Histogram newHistogram() {
    return WorkloadOptions.latencies();
  }

  /** One client: its own id, connection and histograms. */
  private static final class Worker {
    final Settings settings;
    final String clientId;
    final Random random;
    final long endNanos;
    final JsonPoster http;
    final Histogram acquire = newHistogram();
    final Histogram release = newHistogram();
    long pairs;
    long refused;
    long errors;

    Worker(Settings settings, URI node, String clientId, Random random, long endNanos) {
      this.settings = settings;
      this.http = new JsonPoster(node, Duration.ofSeconds(settings.timeoutSeconds() + 30L));
      this.clientId = clientId;
      this.random = random;
      this.endNanos = endNanos;
    }

    void run() throws InterruptedException {
      while (System.nanoTime() < endNanos) {
        String resource = "rest-bench-" + random.nextInt(settings.resources());
        int a = post("/locks/acquire", "{\"resource\":\"" + resource + "\",\"client_id\":\"" + clientId
            + "\",\"lock_type\":\"exclusive\",\"timeout_seconds\":" + settings.timeoutSeconds() + "}", acquire);
        if (a != 200) {
          if (a == 409) {
            refused++;
          } else {
            errors++;
          }
          continue;
        }
        int r = post("/locks/release", "{\"resource\":\"" + resource + "\",\"client_id\":\"" + clientId + "\"}", release);
        if (r == 200) {
          pairs++;
        } else {
          errors++;
        }
      }
    }

    /** The status code, or -1 for an I/O error; records the latency of answered calls. */
    private int post(String path, String json, Histogram latency) throws InterruptedException {
      return http.post(path, json, latency, false).status();
    }
  }

  /** Command line: {@code --nodes URL,URL --seconds 30 --threads 8 --resources 4 --timeout-seconds 10}. */
  public static void main(String[] args) throws InterruptedException {
    Settings s;
    try {
      s = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("usage: RestLockWorkload [--nodes http://127.0.0.1:8001,http://127.0.0.1:8002,http://127.0.0.1:8003]"
          + " [--seconds 30] [--threads 8] [--resources 4] [--timeout-seconds 10]");
      System.exit(2);
      return;
    }
    System.out.println("REST lock workload: " + s.threads() + " clients, " + s.resources() + " resources, "
        + s.duration().toSeconds() + " s against " + s.nodes());
    System.out.println(run(s).summary());
  }

  static Settings parse(String[] args) {
    WorkloadOptions o = WorkloadOptions.parse(args,
        Set.of("--nodes", "--seconds", "--threads", "--resources", "--timeout-seconds"));
    return new Settings(o.nodes(), Duration.ofSeconds(o.number("--seconds", 30)), (int) o.number("--threads", 8),
        (int) o.number("--resources", 4), (int) o.number("--timeout-seconds", 10));
  }
}
