package io.dsync.node;

import io.dsync.cluster.NodeId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's validated configuration. Built by {@code NodeConfigLoader} from a file, {@code DSYNC_*}
 * environment variables and command-line flags (see docs/configuration.md). Immutable.
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

  public NodeConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(adminHost, "adminHost");
    Objects.requireNonNull(dataDir, "dataDir");
    peers = List.copyOf(peers);
    adminToken = Objects.requireNonNull(adminToken, "adminToken");
    settings = Map.copyOf(settings);
  }

  /** A service setting, if configured. */
  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** A service setting, or {@code defaultValue}. */
  public String setting(String key, String defaultValue) {
    return settings.getOrDefault(key, defaultValue);
  }
}
