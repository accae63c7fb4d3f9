package io.dsync.bench.common;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The command line and the numbers of the REST workload runners: {@code --name value} options,
 * node URL lists, latency histograms and how they are printed.
 */
public final class WorkloadOptions {
  /** The admin URLs of {@code ./dsync up}'s three nodes. */
  public static final List<URI> LOCAL_CLUSTER = List.of(URI.create("http://127.0.0.1:8001/"),
      URI.create("http://127.0.0.1:8002/"), URI.create("http://127.0.0.1:8003/"));

  private final Map<String, String> values;

  private WorkloadOptions(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code --name value} pairs; refuses an option not in {@code known} and one without a
   * value, naming it.
   */
  public static WorkloadOptions parse(String[] args, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name);
      }
      values.put(name, args[++i]);
    }
    return new WorkloadOptions(values);
  }

  /** A whole-number option, or {@code fallback} when absent. */
  public long number(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
    }
  }

  /** The {@code --nodes} list (comma-separated admin URLs), or {@link #LOCAL_CLUSTER}. */
  public List<URI> nodes() {
    String value = values.get("--nodes");
    if (value == null) {
      return LOCAL_CLUSTER;
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).map(WorkloadOptions::baseUri)
        .toList();
  }

  /** {@code http://host:port} as a base URL ending in {@code /}; anything else is refused. */
  public static URI baseUri(String url) {
    URI u = URI.create(url.endsWith("/") ? url : url + "/");
    if (!"http".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("not an http://host:port URL: '" + url + "'");
    }
    return u;
  }

  /** A latency histogram in microseconds, up to 60 s, 3 significant digits. */
  public static Histogram latencies() {
    return new Histogram(60_000_000L, 3);
  }

  /** A percentile of a microsecond histogram in milliseconds ({@code -} when empty). */
  public static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", h.getValueAtPercentile(percentile) / 1000.0);
  }
}
