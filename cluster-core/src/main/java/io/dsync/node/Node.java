package io.dsync.node;

import io.dsync.admin.AdminExtensions;
import io.dsync.admin.AdminServer;
import io.dsync.admin.AdminSettings;
import io.dsync.admin.NodeStatusSource;
import io.dsync.cluster.ClusterMessages;
import io.dsync.cluster.FailureDetector;
import io.dsync.cluster.HeartbeatDriver;
import io.dsync.cluster.Membership;
import io.dsync.cluster.MembershipView;
import io.dsync.cluster.NodeId;
import io.dsync.net.MessageRouter;
import io.dsync.net.Transport;
import io.dsync.ring.HashRing;
import io.dsync.spi.NodeService;
import io.dsync.wire.MessageRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dsync node: transport, message router, membership (heartbeats and failure detection), the
 * hash ring, the services on the class path (in dependency order), and the admin server, started
 * in that order and stopped in reverse.
 *
 * <p>Start one with {@link #start(NodeConfig)} (a cluster member: TCP, admin port), {@link
 * #embedded(NodeId, Path)} (inside an application: in-VM, no port, no file outside its data
 * folder), or {@link #builder} for full control (tests choose the transport, the services and
 * the clock). {@link #start} blocks until every service has started; {@link #close} blocks until
 * everything has stopped. Thread-safe.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final NodeConfig config;
  private final long startedAtMillis = System.currentTimeMillis();
  private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
  private final ServiceRunner services = new ServiceRunner();
  private final MessageRegistry messages = ClusterMessages.register(new MessageRegistry());
  private final MessageRouter router = new MessageRouter();
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AdminExtensions adminExtensions = new AdminExtensions();
  private Transport transport;
  private Membership membership;
  private HashRing ring;
  private ScheduledExecutorService scheduler;
  private AdminServer admin;
  private volatile boolean running;
  private boolean closed;

  private Node(NodeConfig config) {
    this.config = config;
  }

  /** Starts a cluster member: TCP transport and (unless disabled) the admin server. */
  public static Node start(NodeConfig config) {
    return builder(config).start();
  }

  /**
   * Starts a single embedded node: in-VM transport, no network port, no admin server; it writes
   * only under {@code dataDir}.
   */
  public static Node embedded(NodeId id, Path dataDir) {
    return embedded(NodeConfig.builder(id).dataDir(dataDir).embedded(true).adminPort(-1).port(0).build());
  }

  /** Starts an embedded node with this configuration ({@code embedded} is forced on). */
  public static Node embedded(NodeConfig config) {
    NodeConfig forced = config.embedded() ? config : config.toBuilder().embedded(true).build();
    return builder(forced).start();
  }

  /** A builder, for tests and embedding applications that choose the parts. */
  public static Builder builder(NodeConfig config) {
    return new Builder(config);
  }

  /** Options of a node start. Not thread-safe. */
  public static final class Builder {
    private final NodeConfig config;
    private TransportFactory transports;
    private List<NodeService> services;
    private LongSupplier clock;
    private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();

    private Builder(NodeConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** How the transport is made (default: TCP, or in-VM when embedded). */
    public Builder transport(TransportFactory factory) {
      this.transports = factory;
      return this;
    }

    /** These services instead of those found with {@link java.util.ServiceLoader}. */
    public Builder services(List<NodeService> list) {
      this.services = List.copyOf(list);
      return this;
    }

    /** The class loader services are discovered in. */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = loader;
      return this;
    }

    /** The membership clock in milliseconds (default: monotonic, epoch-based). */
    public Builder clock(LongSupplier millis) {
      this.clock = millis;
      return this;
    }

    /**
     * Starts the node; on any failure everything started so far is stopped again.
     *
     * @throws io.dsync.spi.ServiceStartupException if a service fails (named in the message)
     * @throws UncheckedIOException if the data folder cannot be created or a port cannot be bound
     */
    public Node start() {
      Node node = new Node(config);
      TransportFactory factory = transports != null ? transports
          : config.embedded() ? new InVmTransportFactory() : new TcpTransportFactory();
      List<NodeService> list = services != null ? services : ServiceRunner.discover(classLoader);
      try {
        node.startParts(factory, list, clock != null ? clock : monotonicEpochClock());
      } catch (RuntimeException | Error e) {
        node.close();
        throw e;
      }
      return node;
    }
  }

  private static LongSupplier monotonicEpochClock() {
    long epoch = System.currentTimeMillis();
    long origin = System.nanoTime();
    return () -> epoch + (System.nanoTime() - origin) / 1_000_000;
  }

  private void startParts(TransportFactory factory, List<NodeService> serviceList, LongSupplier clock) {
    log.info("starting node {} ({}), data in {}", config.nodeId(), config.embedded() ? "embedded" : "cluster",
        config.dataDir().toAbsolutePath());
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data folder " + config.dataDir() + ": " + e.getMessage(), e);
    }
    closeOrder.push(metrics::close);
    bindJvmMeters();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, daemonThreads("dsync-" + config.nodeId() + "-timer"));
    pool.setRemoveOnCancelPolicy(true);
    scheduler = pool;
    closeOrder.push(() -> {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    });

    if (factory instanceof InVmTransportFactory inVm) {
      closeOrder.push(inVm); // closes the network only if the factory made it
    }
    transport = factory.create(config, messages);
    closeOrder.push(transport);
    TransportMeters.bind(transport, metrics);

    FailureDetector detector = new FailureDetector(config.nodeId(), config.memberIds(),
        config.failureTimeoutMillis(), clock.getAsLong());
    membership = new Membership(detector.view());
    HeartbeatDriver heartbeats = new HeartbeatDriver(transport, router, detector, membership, clock);
    heartbeats.bind();
    ring = HashRing.of(config.memberIds(), config.virtualNodes());
    transport.start(router);

    // heartbeats before services: a node whose services take long to start is still alive
    heartbeats.start(scheduler, config.heartbeatIntervalMillis());
    closeOrder.push(heartbeats);

    NodeServiceContext context = new NodeServiceContext(config, transport, messages, router, metrics,
        adminExtensions, scheduler, membership, ring, services::started);
    services.startAll(serviceList, context);
    closeOrder.push(services::stopAll);
    metrics.gauge("dsync.members.alive", membership, m -> m.view().aliveIds().size());

    if (!config.embedded() && config.adminPort() >= 0) {
      admin = new AdminServer(new AdminSettings(config.adminHost(), config.adminPort(), config.adminToken()),
          new StatusSource(), metrics, adminExtensions);
      admin.start();
      closeOrder.push(admin);
    }
    running = true;
    log.info("node {} started: binary port {}, admin {}", config.nodeId(), boundPort().map(String::valueOf).orElse("none"),
        admin != null ? admin.baseUrl() : "none");
  }

  private void bindJvmMeters() {
    new JvmMemoryMetrics().bindTo(metrics);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(metrics);
    closeOrder.push(gc);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** What the admin resources read. */
  private final class StatusSource implements NodeStatusSource {
    @Override
    public MembershipView membership() {
      return membership.view();
    }

    @Override
    public HashRing ring() {
      return ring;
    }

    @Override
    public Map<String, String> addresses() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put(config.nodeId().value(), config.host() + ":" + boundPort().orElse(config.port()));
      config.peers().forEach(p -> out.put(p.id().value(), p.host() + ":" + p.port()));
      return out;
    }

    @Override
    public String version() {
      return NodeVersion.get();
    }

    @Override
    public long startedAtMillis() {
      return startedAtMillis;
    }

    @Override
    public boolean running() {
      return running;
    }
  }

  /** This node's id. */
  public NodeId id() {
    return config.nodeId();
  }

  /** The configuration it runs with. */
  public NodeConfig config() {
    return config;
  }

  /** The node's transport. */
  public Transport transport() {
    return transport;
  }

  /** Members and their liveness. */
  public Membership membership() {
    return membership;
  }

  /** The hash ring of the configured members. */
  public HashRing ring() {
    return ring;
  }

  /** The node's meters. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** Whether the node has started and is not stopping. */
  public boolean running() {
    return running;
  }

  /** The binary port actually bound (differs from the configured one when that was 0). */
  public Optional<Integer> boundPort() {
    int port = transport == null ? -1 : TcpTransportFactory.boundPort(transport);
    return port > 0 ? Optional.of(port) : Optional.empty();
  }

  /** The admin port actually bound, if the admin server runs. */
  public Optional<Integer> adminPort() {
    return admin == null ? Optional.empty() : Optional.of(admin.port());
  }

  /** A started service by type. */
  public <T> Optional<T> service(Class<T> type) {
    return services.started().stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** Stops admin, heartbeats, services (in reverse start order) and the transport. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    log.info("stopping node {}", config.nodeId());
    while (!closeOrder.isEmpty()) {
      AutoCloseable part = closeOrder.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("error while stopping node {}", config.nodeId(), e);
      }
    }
    log.info("node {} stopped", config.nodeId());
  }
}
