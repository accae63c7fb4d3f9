package io.dsync.node;

import io.dsync.cluster.Membership;
import io.dsync.cluster.NodeId;
import io.dsync.net.MessageRouter;
import io.dsync.net.Transport;
import io.dsync.ring.HashRing;
import io.dsync.spi.AdminRegistry;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import io.dsync.wire.MessageRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The {@link ServiceContext} a {@link Node} hands its services. Thread-safe. */
final class NodeServiceContext implements ServiceContext {
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final NodeConfig config;
  private final Transport transport;
  private final MessageRegistry messages;
  private final MessageRouter router;
  private final MeterRegistry metrics;
  private final AdminRegistry admin;
  private final ScheduledExecutorService scheduler;
  private final Membership membership;
  private final HashRing ring;
  private final Supplier<List<NodeService>> services;

  NodeServiceContext(NodeConfig config, Transport transport, MessageRegistry messages,
      MessageRouter router, MeterRegistry metrics, AdminRegistry admin,
      ScheduledExecutorService scheduler, Membership membership, HashRing ring,
      Supplier<List<NodeService>> services) {
    this.config = config;
    this.transport = transport;
    this.messages = messages;
    this.router = router;
    this.metrics = metrics;
    this.admin = admin;
    this.scheduler = scheduler;
    this.membership = membership;
    this.ring = ring;
    this.services = services;
  }

  @Override
  public NodeId nodeId() {
    return config.nodeId();
  }

  @Override
  public NodeConfig config() {
    return config;
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public MessageRegistry messages() {
    return messages;
  }

  @Override
  public MessageRouter router() {
    return router;
  }

  @Override
  public Path dataDir(String serviceName) {
    if (!SERVICE_NAME.matcher(serviceName).matches()) {
      throw new IllegalArgumentException("bad service folder name '" + serviceName
          + "': use letters, digits, '.', '_' or '-'");
    }
    Path dir = config.dataDir().resolve(serviceName);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  @Override
  public MeterRegistry metrics() {
    return metrics;
  }

  @Override
  public AdminRegistry admin() {
    return admin;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    for (NodeService service : services.get()) {
      if (type.isInstance(service)) {
        return Optional.of(type.cast(service));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean embedded() {
    return config.embedded();
  }

  @Override
  public Membership membership() {
    return membership;
  }

  @Override
  public HashRing ring() {
    return ring;
  }
}
