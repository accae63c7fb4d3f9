package io.dsync.jms.server;

import io.dsync.jms.admin.QueueResource;
import io.dsync.jms.broker.BrokerLimits;
import io.dsync.jms.wal.FsyncPolicy;
import io.dsync.node.NodeConfig;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import java.util.Locale;

/**
 * Plugs the JMS broker into a node: starts a {@link LocalBroker} with its WAL in the node's
 * {@code jms} data folder, makes it reachable in the JVM as {@code vm://<node id>}, registers the
 * {@code /queue} REST resources and the broker's meters ({@link JmsMetrics}), and serves remote
 * JMS clients ({@code dsync://}) on the node's binary port. Settings (node configuration): {@code
 * jms.persistence} (wal|memory, default wal), {@code jms.fsync} (always|never), {@code
 * jms.redelivery.limit}, {@code jms.dead-letter-queue}, {@code jms.max-queue-messages}, {@code
 * jms.max-message-bytes}, {@code jms.max-stored-bytes}, {@code jms.rest.visibility-millis}, {@code
 * jms.send-timeout-millis}, {@code jms.wal.compact-after-records}, {@code jms.users} ({@code
 * alice:secret;bob:pw}), {@code jms.anonymous} (true|false).
 */
public final class JmsNodeService implements NodeService {
  private LocalBroker broker;
  private String name;
  private io.dsync.jms.remote.JmsRemoteServer remote;
  private JmsMetrics metrics;

  @Override
  public String name() {
    return "jms";
  }

  @Override
  public void start(ServiceContext context) {
    NodeConfig c = context.config();
    BrokerLimits d = BrokerLimits.defaults();
    BrokerConfig.Builder b = BrokerConfig.builder()
        .name(context.nodeId().value())
        .fsync(FsyncPolicy.valueOf(c.setting("jms.fsync", "always").toUpperCase(Locale.ROOT)))
        .limits(new BrokerLimits(
            Integer.parseInt(c.setting("jms.redelivery.limit", String.valueOf(d.maxDeliveries()))),
            c.setting("jms.dead-letter-queue", d.deadLetterQueue()),
            Integer.parseInt(c.setting("jms.max-queue-messages", String.valueOf(d.maxQueueMessages()))),
            Integer.parseInt(c.setting("jms.max-message-bytes", String.valueOf(d.maxMessageBytes()))),
            Long.parseLong(c.setting("jms.rest.visibility-millis", String.valueOf(d.restVisibilityMillis()))),
            Long.parseLong(c.setting("jms.max-stored-bytes", String.valueOf(d.maxStoredBytes())))))
        .allowAnonymous(Boolean.parseBoolean(c.setting("jms.anonymous", "true")))
        .sendTimeoutMillis(Long.parseLong(c.setting("jms.send-timeout-millis", "10000")))
        .compactAfterRecords(Long.parseLong(c.setting("jms.wal.compact-after-records",
            String.valueOf(BrokerConfig.DEFAULT_COMPACT_AFTER_RECORDS))));
    if (!"memory".equalsIgnoreCase(c.setting("jms.persistence", "wal"))) {
      b.dataDir(context.dataDir("jms"));
    }
    for (String up : c.setting("jms.users", "").split(";")) {
      if (up.isBlank()) {
        continue;
      }
      int colon = up.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("jms.users: bad entry '" + up + "' (expected user:password)");
      }
      b.user(up.substring(0, colon), up.substring(colon + 1));
    }
    BrokerConfig config = b.build();
    broker = LocalBroker.start(config);
    name = config.name();
    EmbeddedBrokers.register(name, broker);
    context.admin().register(new QueueResource(broker, context.nodeId().value()));
    metrics = new JmsMetrics(context.metrics(), broker, context.scheduler(), 1_000);
    io.dsync.jms.remote.JmsWire.register(context.messages());
    remote = new io.dsync.jms.remote.JmsRemoteServer(broker, context.transport(), context.router());
  }

  /** The running broker (for other services and tests). */
  public LocalBroker broker() {
    return broker;
  }

  @Override
  public void stop() {
    if (metrics != null) {
      metrics.close();
    }
    if (remote != null) {
      remote.close();
    }
    if (broker != null) {
      EmbeddedBrokers.stop(name);
      broker.close();
    }
  }
}
