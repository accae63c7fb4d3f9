package io.dsync.node;

import io.dsync.cluster.NodeId;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link NodeConfig} from layered sources: command-line flags over {@code DSYNC_*}
 * environment variables over a {@code dsync.properties} file over defaults. Every key, its
 * variable and its flag are listed in docs/configuration.md. Pure apart from reading the file.
 *
 * <p>Keys that are not core settings become service settings ({@link NodeConfig#setting}): from
 * the file as written, from the environment as {@code DSYNC_JMS_REDELIVERY_LIMIT} →
 * {@code jms.redelivery.limit}, from the command line as {@code --set key=value}.
 */
public final class NodeConfigLoader {

  /** A core setting: its file key, environment variable and flag. */
  public enum Key {
    NODE_ID("node.id", "DSYNC_NODE_ID", "--node-id"),
    HOST("host", "DSYNC_HOST", "--host"),
    PORT("port", "DSYNC_PORT", "--port"),
    ADMIN_HOST("admin.host", "DSYNC_ADMIN_HOST", "--admin-host"),
    ADMIN_PORT("admin.port", "DSYNC_ADMIN_PORT", "--admin-port"),
    ADMIN_TOKEN("admin.token", "DSYNC_ADMIN_TOKEN", "--admin-token"),
    PEERS("peers", "DSYNC_PEERS", "--peers"),
    DATA_DIR("data.dir", "DSYNC_DATA_DIR", "--data-dir"),
    HEARTBEAT_INTERVAL_MS("heartbeat.interval.ms", "DSYNC_HEARTBEAT_INTERVAL_MS", "--heartbeat-interval-ms"),
    FAILURE_TIMEOUT_MS("failure.timeout.ms", "DSYNC_FAILURE_TIMEOUT_MS", "--failure-timeout-ms"),
    VIRTUAL_NODES("ring.virtual.nodes", "DSYNC_RING_VIRTUAL_NODES", "--virtual-nodes"),
    MAX_FRAME_BYTES("max.frame.bytes", "DSYNC_MAX_FRAME_BYTES", "--max-frame-bytes");

    /** Key in the properties file. */
    public final String fileKey;
    /** Environment variable. */
    public final String env;
    /** Command-line flag. */
    public final String flag;

    Key(String fileKey, String env, String flag) {
      this.fileKey = fileKey;
      this.env = env;
      this.flag = flag;
    }
  }

  /** The variable naming the configuration file (also {@code --config}). */
  public static final String CONFIG_ENV = "DSYNC_CONFIG";

  /** {@code DSYNC_*} variables of the launcher, never read as service settings. */
  private static final Set<String> LAUNCHER_ENV =
      Set.of(CONFIG_ENV, "DSYNC_HOME", "DSYNC_JAVA_OPTS", "DSYNC_JVM_FLAGS", "DSYNC_STATE_DIR",
          "DSYNC_LOG_LEVEL", "DSYNC_JAVA");

  private NodeConfigLoader() {}

  /**
   * Loads: the file named by {@code --config} in {@code flags} or {@code DSYNC_CONFIG} in {@code
   * env} (if any), then the environment, then the flags.
   *
   * @param flags flag values by {@link Key#fileKey} (or any service key), plus {@code config}
   * @param env the environment
   * @throws ConfigException naming the bad setting and its source
   */
  public static NodeConfig load(Map<String, String> flags, Map<String, String> env) {
    String file = flags.getOrDefault("config", env.get(CONFIG_ENV));
    Map<String, String> fromFile = file == null || file.isBlank() ? Map.of() : readFile(Path.of(file));
    return merge(fromFile, fromEnv(env), withoutConfig(flags), file);
  }

  private static Map<String, String> withoutConfig(Map<String, String> flags) {
    Map<String, String> copy = new LinkedHashMap<>(flags);
    copy.remove("config");
    return copy;
  }

  /** Reads a {@code dsync.properties} file. @throws ConfigException if unreadable */
  public static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " does not exist");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> out.put(k.strip(), properties.getProperty(k).strip()));
    return out;
  }

  /** The {@code DSYNC_*} variables as file keys. */
  public static Map<String, String> fromEnv(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("DSYNC_") || LAUNCHER_ENV.contains(name)) {
        continue;
      }
      Optional<Key> core = java.util.Arrays.stream(Key.values()).filter(k -> k.env.equals(name)).findFirst();
      String key = core.map(k -> k.fileKey)
          .orElse(name.substring("DSYNC_".length()).toLowerCase(Locale.ROOT).replace('_', '.'));
      out.put(key, e.getValue());
    }
    return out;
  }

  /**
   * Merges the three layers (later wins) and validates.
   *
   * @param file name of the configuration file, for messages; may be null
   */
  public static NodeConfig merge(Map<String, String> fromFile, Map<String, String> fromEnv,
      Map<String, String> fromFlags, String file) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    put(values, sources, fromFile, file == null ? "the configuration file" : "file " + file);
    put(values, sources, fromEnv, "the environment");
    put(values, sources, fromFlags, "the command line");
    return build(values, sources);
  }

  private static void put(Map<String, String> values, Map<String, String> sources,
      Map<String, String> layer, String source) {
    layer.forEach((k, v) -> {
      if (v != null) {
        // a DSYNC_* variable arrives lower-cased (DSYNC_RAFT_IOTHREAD is raft.iothread): a later
        // layer replaces a key of an earlier one whatever its case
        values.keySet().removeIf(existing -> existing.equalsIgnoreCase(k) && !existing.equals(k));
        sources.keySet().removeIf(existing -> existing.equalsIgnoreCase(k) && !existing.equals(k));
        values.put(k, v.strip());
        sources.put(k, source);
      }
    });
  }

  private static NodeConfig build(Map<String, String> values, Map<String, String> sources) {
    Values r = new Values(values, sources);
    String idText = r.string(Key.NODE_ID).orElseThrow(() -> new ConfigException(
        "no node id: set --node-id, DSYNC_NODE_ID or node.id"));
    NodeId nodeId = r.parse(Key.NODE_ID, idText, NodeId::of);
    List<PeerAddress> all = r.string(Key.PEERS).map(text -> r.parse(Key.PEERS, text, PeerAddress::parseList))
        .orElse(List.of());
    // the same peer list may be given to every node: this node's own entry is dropped, and
    // supplies its default port
    List<PeerAddress> peers = new ArrayList<>();
    PeerAddress self = null;
    for (PeerAddress peer : all) {
      if (peer.id().equals(nodeId)) {
        self = peer;
      } else {
        peers.add(peer);
      }
    }
    int defaultPort = self != null ? self.port() : NodeConfig.DEFAULT_PORT;
    NodeConfig.Builder b = NodeConfig.builder(nodeId)
        .host(r.string(Key.HOST).orElse("127.0.0.1"))
        .port(r.port(Key.PORT, false).orElse(defaultPort))
        .adminHost(r.string(Key.ADMIN_HOST).orElse("127.0.0.1"))
        .adminPort(r.port(Key.ADMIN_PORT, true).orElse(NodeConfig.DEFAULT_ADMIN_PORT))
        .peers(peers)
        .dataDir(Path.of(r.string(Key.DATA_DIR).orElse("data/" + nodeId.value())))
        .heartbeatIntervalMillis(r.number(Key.HEARTBEAT_INTERVAL_MS).orElse(NodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MILLIS))
        .failureTimeoutMillis(r.number(Key.FAILURE_TIMEOUT_MS).orElse(NodeConfig.DEFAULT_FAILURE_TIMEOUT_MILLIS))
        .virtualNodes((int) (long) r.number(Key.VIRTUAL_NODES).orElse((long) io.dsync.ring.HashRing.DEFAULT_VIRTUAL_NODES))
        .maxFrameBytes((int) (long) r.number(Key.MAX_FRAME_BYTES).orElse((long) NodeConfig.DEFAULT_MAX_FRAME_BYTES));
    r.string(Key.ADMIN_TOKEN).filter(t -> !t.isEmpty()).ifPresent(b::adminToken);
    Set<String> coreKeys = new java.util.HashSet<>();
    for (Key k : Key.values()) {
      coreKeys.add(k.fileKey);
    }
    values.forEach((k, v) -> {
      if (!coreKeys.contains(k)) {
        b.setting(k, v);
      }
    });
    NodeConfig config;
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
    }
    io.dsync.admin.AdminBindPolicy.problem(config.adminHost(), config.adminToken())
        .filter(p -> config.adminPort() != -1)
        .ifPresent(p -> {
          throw new ConfigException("invalid configuration: " + p);
        });
    return config;
  }

  /** Typed reads that name the key and its source in every error. */
  private record Values(Map<String, String> values, Map<String, String> sources) {
    Optional<String> string(Key key) {
      return Optional.ofNullable(values.get(key.fileKey));
    }

    <T> T parse(Key key, String text, java.util.function.Function<String, T> parser) {
      try {
        return parser.apply(text);
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
    }

    Optional<Integer> port(Key key, boolean allowNone) {
      return number(key).map(n -> {
        if (n < (allowNone ? -1 : 0) || n > 65535) {
          throw error(key, "port out of range 0..65535" + (allowNone ? " (or -1 for none)" : "")
              + ": " + n);
        }
        return (int) (long) n;
      });
    }

    Optional<Long> number(Key key) {
      return string(key).map(text -> {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw error(key, "'" + text + "' is not a whole number");
        }
      });
    }

    ConfigException error(Key key, String problem) {
      return new ConfigException("invalid " + key.fileKey + " (" + key.flag + ", " + key.env
          + ") from " + sources.getOrDefault(key.fileKey, "defaults") + ": " + problem);
    }
  }
}
