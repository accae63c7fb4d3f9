package io.dsync.spi;

import io.dsync.cluster.Membership;
import io.dsync.cluster.NodeId;
import io.dsync.net.MessageRouter;
import io.dsync.net.Transport;
import io.dsync.node.NodeConfig;
import io.dsync.ring.HashRing;
import io.dsync.wire.MessageRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** What a node offers to the services that run on it. Thread-safe. */
public interface ServiceContext {

  /** This node's id. */
  NodeId nodeId();

  /** The node's validated configuration; service settings are under {@link NodeConfig#setting}. */
  NodeConfig config();

  /** The node's transport (TCP in a cluster, in-VM when embedded). */
  Transport transport();

  /** Register the service's message codecs here (in its own type-id range). */
  MessageRegistry messages();

  /** Route inbound messages of the service's classes here. */
  MessageRouter router();

  /** A folder of the service's own under the node's data folder, created on first call. */
  Path dataDir(String serviceName);

  /** The node's meters; they show in {@code GET /metrics} and {@code /metrics/prometheus}. */
  MeterRegistry metrics();

  /** Where REST resources are added. */
  AdminRegistry admin();

  /** A shared scheduler for short timer tasks (never block in it). */
  ScheduledExecutorService scheduler();

  /** Another started service, by its type (for a service listed in {@link NodeService#dependsOn}). */
  <T> Optional<T> service(Class<T> type);

  /** True when the node is embedded in an application: no network port, no admin server. */
  boolean embedded();

  /**
   * The cluster's members and their liveness (alive/suspect, since when), with listeners for
   * changes. Membership is static (the configured peers); liveness comes from heartbeats.
   *
   * @throws UnsupportedOperationException in a context that offers no membership (a test fake)
   */
  default Membership membership() {
    throw new UnsupportedOperationException("this context offers no membership");
  }

  /**
   * The hash ring of every configured member (this node included), with the configured virtual
   * node count. Liveness does not reshape it: a suspect member keeps its keys, and a service
   * reads {@link #membership()} to skip it.
   *
   * @throws UnsupportedOperationException in a context that offers no ring (a test fake)
   */
  default HashRing ring() {
    throw new UnsupportedOperationException("this context offers no ring");
  }
}
