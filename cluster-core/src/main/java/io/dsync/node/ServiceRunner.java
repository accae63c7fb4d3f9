package io.dsync.node;

import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import io.dsync.spi.ServiceOrder;
import io.dsync.spi.ServiceStartupException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node's services in dependency order and stops them in reverse. A service whose start
 * throws stops the ones started before it and fails the node with a message naming it. Used by
 * the node's start thread only.
 */
final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private final List<NodeService> started = new ArrayList<>();

  /** Every {@link NodeService} on the class path of {@code loader}. */
  static List<NodeService> discover(ClassLoader loader) {
    List<NodeService> found = new ArrayList<>();
    try {
      for (NodeService service : ServiceLoader.load(NodeService.class, loader)) {
        found.add(service);
      }
    } catch (java.util.ServiceConfigurationError e) {
      throw new ServiceStartupException("cannot load a node service: " + e.getMessage(), e);
    }
    return found;
  }

  /** Starts them all, or none: on failure the started ones are stopped again. */
  void startAll(List<NodeService> services, ServiceContext context) {
    for (NodeService service : ServiceOrder.order(services)) {
      long t0 = System.nanoTime();
      try {
        service.start(context);
      } catch (Exception | LinkageError e) {
        String message = "service '" + service.name() + "' failed to start: " + e;
        log.error(message, e);
        stopAll();
        throw new ServiceStartupException(message, e);
      }
      started.add(service);
      log.info("service '{}' started in {} ms", service.name(), (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /** The started services, in start order. */
  List<NodeService> started() {
    return Collections.unmodifiableList(started);
  }

  /** Stops started services in reverse order; a failing stop is logged and the rest still stop. */
  void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      NodeService service = started.get(i);
      try {
        service.stop();
        log.info("service '{}' stopped", service.name());
      } catch (Exception | LinkageError e) {
        log.error("service '{}' failed to stop cleanly", service.name(), e);
      }
    }
    started.clear();
  }
}
