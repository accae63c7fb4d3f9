package io.dsync.node;

import io.dsync.cluster.NodeId;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A node's validated configuration. Built by {@link NodeConfigLoader} from a file, {@code
 * DSYNC_*} environment variables and command-line flags (see docs/configuration.md), or by
 * {@link #builder} in code and tests. Immutable.
 *
 * @param nodeId this node's id
 * @param host the address the binary port binds to
 * @param port the binary port (0 = pick a free one, for tests)
 * @param adminHost the address the admin HTTP port binds to (127.0.0.1 unless configured)
 * @param adminPort the admin HTTP port (0 = pick a free one; -1 = no admin server)
 * @param peers every other member's binary address (this node excluded)
 * @param dataDir the node's data folder
 * @param embedded true for a node inside an application: in-VM transport, no port, no admin
 * @param heartbeatIntervalMillis how often members send heartbeats
 * @param failureTimeoutMillis silence after which a member is suspected dead
 * @param virtualNodes virtual nodes per member on the hash ring
 * @param maxFrameBytes the largest frame accepted on the binary port
 * @param adminToken the bearer token for mutating admin calls, required beyond loopback
 * @param settings service settings such as {@code jms.redelivery.limit}, read with {@link #setting}
 */
public record NodeConfig(
    NodeId nodeId,
    String host,
    int port,
    String adminHost,
    int adminPort,
    List<PeerAddress> peers,
    Path dataDir,
    boolean embedded,
    long heartbeatIntervalMillis,
    long failureTimeoutMillis,
    int virtualNodes,
    int maxFrameBytes,
    Optional<String> adminToken,
    Map<String, String> settings) {

  /** Default binary port. */
  public static final int DEFAULT_PORT = 7000;
  /** Default admin port. */
  public static final int DEFAULT_ADMIN_PORT = 8080;
  /** Default heartbeat interval. */
  public static final long DEFAULT_HEARTBEAT_INTERVAL_MILLIS = 500;
  /** Default failure timeout. */
  public static final long DEFAULT_FAILURE_TIMEOUT_MILLIS = 3000;
  /** Default largest frame: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

  /** Validates every field; each failure names the field and the bad value. */
  public NodeConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(adminHost, "adminHost");
    Objects.requireNonNull(dataDir, "dataDir");
    peers = List.copyOf(peers);
    adminToken = Objects.requireNonNull(adminToken, "adminToken");
    // looked up without regard to case: keys from DSYNC_* variables arrive lower-cased, while
    // services name theirs in camelCase (raft.electionTimeoutMillis)
    TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    settings.forEach((k, v) -> folded.put(Objects.requireNonNull(k, "setting key"), Objects.requireNonNull(v, "value of " + k)));
    settings = Collections.unmodifiableMap(folded);
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (adminHost.isBlank()) {
      throw new IllegalArgumentException("admin host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    if (adminPort < -1 || adminPort > 65535) {
      throw new IllegalArgumentException("admin port out of range 0..65535 (or -1 for none): " + adminPort);
    }
    if (!embedded && port != 0 && port == adminPort) {
      throw new IllegalArgumentException("port and admin port are both " + port);
    }
    Set<NodeId> ids = new HashSet<>();
    for (PeerAddress peer : peers) {
      if (peer.id().equals(nodeId)) {
        throw new IllegalArgumentException("peers list this node's own id '" + nodeId + "'");
      }
      if (!ids.add(peer.id())) {
        throw new IllegalArgumentException("duplicate node id '" + peer.id() + "' in peers");
      }
    }
    if (heartbeatIntervalMillis < 1) {
      throw new IllegalArgumentException("heartbeat interval must be at least 1 ms: " + heartbeatIntervalMillis);
    }
    if (failureTimeoutMillis <= heartbeatIntervalMillis) {
      throw new IllegalArgumentException("failure timeout (" + failureTimeoutMillis
          + " ms) must be longer than the heartbeat interval (" + heartbeatIntervalMillis + " ms)");
    }
    if (virtualNodes < 1 || virtualNodes > 65536) {
      throw new IllegalArgumentException("virtual nodes out of range 1..65536: " + virtualNodes);
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("max frame bytes must be at least 1024: " + maxFrameBytes);
    }
  }

  /** Every field, with the admin token redacted, so that logging a configuration leaks nothing. */
  @Override
  public String toString() {
    return "NodeConfig[nodeId=" + nodeId + ", host=" + host + ", port=" + port + ", adminHost="
        + adminHost + ", adminPort=" + adminPort + ", peers=" + peers + ", dataDir=" + dataDir
        + ", embedded=" + embedded + ", heartbeatIntervalMillis=" + heartbeatIntervalMillis
        + ", failureTimeoutMillis=" + failureTimeoutMillis + ", virtualNodes=" + virtualNodes
        + ", maxFrameBytes=" + maxFrameBytes + ", adminToken="
        + (adminToken.isPresent() ? "(set)" : "(none)") + ", settings=" + settings + "]";
  }

  /** A service setting, if configured (the key's case does not matter). */
  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** A service setting, or {@code defaultValue}. */
  public String setting(String key, String defaultValue) {
    return settings.getOrDefault(key, defaultValue);
  }

  /** Every member's id: this node and its peers. */
  public Set<NodeId> memberIds() {
    Set<NodeId> all = new java.util.TreeSet<>();
    all.add(nodeId);
    peers.forEach(p -> all.add(p.id()));
    return all;
  }

  /** A builder with the defaults of docs/configuration.md. */
  public static Builder builder(NodeId nodeId) {
    return new Builder(nodeId);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(nodeId);
    b.host = host;
    b.port = port;
    b.adminHost = adminHost;
    b.adminPort = adminPort;
    b.peers = peers;
    b.dataDir = dataDir;
    b.embedded = embedded;
    b.heartbeatIntervalMillis = heartbeatIntervalMillis;
    b.failureTimeoutMillis = failureTimeoutMillis;
    b.virtualNodes = virtualNodes;
    b.maxFrameBytes = maxFrameBytes;
    b.adminToken = adminToken;
    b.settings = new LinkedHashMap<>(settings);
    return b;
  }

  /** Builds a {@link NodeConfig}; {@link #build} validates. Not thread-safe. */
  public static final class Builder {
    private final NodeId nodeId;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String adminHost = "127.0.0.1";
    private int adminPort = DEFAULT_ADMIN_PORT;
    private List<PeerAddress> peers = List.of();
    private Path dataDir;
    private boolean embedded;
    private long heartbeatIntervalMillis = DEFAULT_HEARTBEAT_INTERVAL_MILLIS;
    private long failureTimeoutMillis = DEFAULT_FAILURE_TIMEOUT_MILLIS;
    private int virtualNodes = io.dsync.ring.HashRing.DEFAULT_VIRTUAL_NODES;
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private Optional<String> adminToken = Optional.empty();
    private Map<String, String> settings = new LinkedHashMap<>();

    private Builder(NodeId nodeId) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    }

    public Builder host(String value) { host = value; return this; }

    public Builder port(int value) { port = value; return this; }

    public Builder adminHost(String value) { adminHost = value; return this; }

    public Builder adminPort(int value) { adminPort = value; return this; }

    public Builder peers(List<PeerAddress> value) { peers = List.copyOf(value); return this; }

    public Builder dataDir(Path value) { dataDir = value; return this; }

    public Builder embedded(boolean value) { embedded = value; return this; }

    public Builder heartbeatIntervalMillis(long value) { heartbeatIntervalMillis = value; return this; }

    public Builder failureTimeoutMillis(long value) { failureTimeoutMillis = value; return this; }

    public Builder virtualNodes(int value) { virtualNodes = value; return this; }

    public Builder maxFrameBytes(int value) { maxFrameBytes = value; return this; }

    public Builder adminToken(String value) { adminToken = Optional.ofNullable(value); return this; }

    public Builder setting(String key, String value) { settings.put(key, value); return this; }

    public Builder settings(Map<String, String> value) { settings = new LinkedHashMap<>(value); return this; }

    /** Validates and builds; the data folder defaults to {@code data/<node id>}. */
    public NodeConfig build() {
      Path dir = dataDir != null ? dataDir : Path.of("data", nodeId.value());
      return new NodeConfig(nodeId, host, port, adminHost, adminPort, peers, dir, embedded,
          heartbeatIntervalMillis, failureTimeoutMillis, virtualNodes, maxFrameBytes, adminToken,
          settings);
    }
  }
}
