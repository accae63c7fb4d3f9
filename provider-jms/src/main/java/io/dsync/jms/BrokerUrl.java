package io.dsync.jms;

import io.dsync.jms.broker.BrokerLimits;
import io.dsync.jms.server.BrokerConfig;
import io.dsync.jms.wal.FsyncPolicy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed connection URL: {@code vm://name?option=value&...} for an embedded broker, or {@code
 * dsync://host:port,host:port} for nodes over TCP.
 *
 * <p>vm options (broker options apply when the broker is first started in the JVM): {@code
 * dataDir} (WAL folder; none = memory only), {@code fsync} (always|never), {@code maxDeliveries},
 * {@code deadLetterQueue}, {@code maxQueueMessages}, {@code maxMessageBytes}, {@code maxStoredBytes}
 * (memory all queues' messages may take; default a quarter of the heap), {@code users}
 * ({@code alice:secret;bob:pw}), {@code anonymous} (true|false), {@code sendTimeoutMillis} (how long a
 * send waits for room in a full queue); client options: {@code
 * prefetch}, {@code clientId}, {@code sendWindow} (dsync:// only: how many non-persistent sends
 * may be unanswered, default 1000; 0 makes each wait).
 *
 * @param scheme "vm" or "dsync"
 * @param target broker name (vm) or the host list (dsync)
 * @param options the query options
 */
record BrokerUrl(String scheme, String target, Map<String, String> options) {
  private static final Set<String> CLIENT_OPTIONS = Set.of("prefetch", "clientId");
  private static final Set<String> VM_OPTIONS = Set.of("dataDir", "fsync", "maxDeliveries", "deadLetterQueue",
      "maxQueueMessages", "maxMessageBytes", "maxStoredBytes", "restVisibilityMillis", "users", "anonymous", "sendTimeoutMillis");
  private static final Set<String> DSYNC_OPTIONS = Set.of("sendWindow");

  static BrokerUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the broker URL is empty; use vm://name or dsync://host:port");
    }
    int sep = url.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("not a dsync broker URL (expected vm://name or dsync://host:port): " + url);
    }
    String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("vm") && !scheme.equals("dsync")) {
      throw new IllegalArgumentException("unknown URL scheme '" + scheme + "' (expected vm or dsync): " + url);
    }
    String rest = url.substring(sep + 3);
    Map<String, String> options = new LinkedHashMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      for (String kv : rest.substring(q + 1).split("&")) {
        if (kv.isEmpty()) {
          continue;
        }
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("bad option '" + kv + "' in URL " + url);
        }
        options.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
      rest = rest.substring(0, q);
    }
    if (rest.isEmpty()) {
      rest = "localhost";
    }
    BrokerUrl parsed = new BrokerUrl(scheme, rest, options);
    parsed.check(url);
    return parsed;
  }

  /** Refuses unknown options (a misspelt one would be ignored silently) and malformed values. */
  private void check(String url) {
    Set<String> own = scheme.equals("vm") ? VM_OPTIONS : DSYNC_OPTIONS;
    for (Map.Entry<String, String> o : options.entrySet()) {
      String k = o.getKey();
      if (!CLIENT_OPTIONS.contains(k) && !own.contains(k)) {
        Set<String> known = new TreeSet<>(CLIENT_OPTIONS);
        known.addAll(own);
        throw new IllegalArgumentException("unknown option '" + k + "' for a " + scheme + ":// URL (known: "
            + String.join(", ", known) + "): " + url);
      }
    }
    number(url, "prefetch", 0);
    number(url, "sendWindow", 0);
    number(url, "maxDeliveries", 1);
    number(url, "maxQueueMessages", 1);
    number(url, "maxMessageBytes", 1);
    number(url, "maxStoredBytes", 1);
    number(url, "restVisibilityMillis", 1);
    number(url, "sendTimeoutMillis", 0);
    oneOf(url, "fsync", "always", "never");
    oneOf(url, "anonymous", "true", "false");
  }

  private void number(String url, String key, long min) {
    String v = options.get(key);
    if (v == null) {
      return;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a whole number, got '" + v + "': " + url);
    }
    boolean wide = key.endsWith("Millis") || key.equals("maxStoredBytes");
    if (n < min || n > Integer.MAX_VALUE && !wide) {
      throw new IllegalArgumentException("option " + key + " must be at least " + min + (wide ? ""
          : " and at most " + Integer.MAX_VALUE) + ", got " + v + ": " + url);
    }
  }

  private void oneOf(String url, String key, String... allowed) {
    String v = options.get(key);
    if (v != null && !Set.of(allowed).contains(v.trim().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("option " + key + " must be " + String.join(" or ", allowed) + ", got '" + v
          + "': " + url);
    }
  }

  /** Unanswered non-persistent sends a dsync:// connection may have (0: every send waits). */
  int sendWindow() {
    return Integer.parseInt(options.getOrDefault("sendWindow", String.valueOf(io.dsync.jms.remote.RemoteEndpoint.DEFAULT_SEND_WINDOW)).trim());
  }

  int prefetch() {
    return Integer.parseInt(options.getOrDefault("prefetch", "256").trim());
  }

  String clientId() {
    return options.get("clientId");
  }

  BrokerConfig brokerConfig() {
    BrokerConfig.Builder b = BrokerConfig.builder().name(target);
    String dataDir = options.get("dataDir");
    if (dataDir != null) {
      b.dataDir(Path.of(dataDir));
    }
    b.fsync(FsyncPolicy.valueOf(options.getOrDefault("fsync", "always").trim().toUpperCase(Locale.ROOT)));
    BrokerLimits d = BrokerLimits.defaults();
    b.limits(new BrokerLimits(
        Integer.parseInt(options.getOrDefault("maxDeliveries", String.valueOf(d.maxDeliveries())).trim()),
        options.getOrDefault("deadLetterQueue", d.deadLetterQueue()),
        Integer.parseInt(options.getOrDefault("maxQueueMessages", String.valueOf(d.maxQueueMessages())).trim()),
        Integer.parseInt(options.getOrDefault("maxMessageBytes", String.valueOf(d.maxMessageBytes())).trim()),
        Long.parseLong(options.getOrDefault("restVisibilityMillis", String.valueOf(d.restVisibilityMillis())).trim()),
        Long.parseLong(options.getOrDefault("maxStoredBytes", String.valueOf(d.maxStoredBytes())).trim())));
    String users = options.get("users");
    if (users != null) {
      for (String up : users.split(";")) {
        int c = up.indexOf(':');
        if (c <= 0) {
          throw new IllegalArgumentException("bad users entry '" + up + "' (expected user:password)");
        }
        b.user(up.substring(0, c), up.substring(c + 1));
      }
    }
    b.allowAnonymous(Boolean.parseBoolean(options.getOrDefault("anonymous", "true").trim()));
    if (options.containsKey("sendTimeoutMillis")) {
      b.sendTimeoutMillis(Long.parseLong(options.get("sendTimeoutMillis").trim()));
    }
    return b.build();
  }
}
