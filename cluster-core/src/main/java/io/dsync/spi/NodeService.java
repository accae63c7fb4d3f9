package io.dsync.spi;

import java.util.Set;

/**
 * A service that plugs into a node: locks, JMS, JCache, Raft. Found with {@link
 * java.util.ServiceLoader} (list the class in {@code META-INF/services/io.dsync.spi.NodeService});
 * a node runs every service on its class path.
 *
 * <p>The node starts services in dependency order and stops them in reverse. A service whose
 * {@link #start} throws stops the node, with a message that names the service. Implementations
 * need a public no-arg constructor.
 */
public interface NodeService {

  /** A short unique name, such as {@code raft} or {@code jms}. */
  String name();

  /** Names of services that must be started before this one. */
  default Set<String> dependsOn() {
    return Set.of();
  }

  /**
   * Starts the service: register message codecs and routes, admin resources and metrics here.
   * Called once, on the node's start thread; may block until the service is ready.
   */
  void start(ServiceContext context) throws Exception;

  /** Stops the service and releases what it holds. Called once; must not throw for a normal stop. */
  default void stop() throws Exception {}
}
