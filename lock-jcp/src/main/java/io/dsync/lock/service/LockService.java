package io.dsync.lock.service;

import io.dsync.lock.LockEngine;
import io.dsync.lock.remote.LockWire;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The lock manager in a node: registers the lock state machine with Raft, runs a
 * {@link ReplicatedLockEngine} over it, publishes the lock metrics and (unless embedded) the
 * {@code /locks} admin resources, a {@code locks} section in {@code GET /status}, and the lock
 * messages of the binary port for remote clients ({@link LockWire}).
 *
 * <p>Node settings: {@code locks.rest-lease-ms} (lease of REST client sessions, default
 * {@value LockResource#DEFAULT_REST_LEASE_MILLIS}), {@code locks.tick-ms} (how often the leader
 * lets leases expire without traffic, default {@value #DEFAULT_TICK_MILLIS}),
 * {@code locks.retry-ms} (how long a command with an unknown outcome is retried, default
 * {@value #DEFAULT_RETRY_MILLIS}).
 *
 * <p>Started once on the node's start thread; does not block. {@link #engine()} is the engine
 * in-node clients use ({@code DsyncLocks.create(service.engine())}).
 */
public final class LockService implements NodeService {
  /** Default leader tick. */
  public static final long DEFAULT_TICK_MILLIS = 500;
  /** Default retry window for commands whose outcome is unknown. */
  public static final long DEFAULT_RETRY_MILLIS = 30_000;

  private final RaftBinding binding;
  private ReplicatedLockEngine engine;
  private LockMetrics metrics;
  private RemoteLockEndpoint endpoint;
  private ServiceContext context;

  /** The service as {@link java.util.ServiceLoader} creates it: bound to the node's Raft service. */
  public LockService() {
    this(RaftBindings.nodeRaft());
  }

  /** A service bound to Raft through {@code binding} (tests use a fake log). */
  public LockService(RaftBinding binding) {
    this.binding = binding;
  }

  @Override
  public String name() {
    return "locks";
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of("raft");
  }

  @Override
  public void start(ServiceContext context) throws Exception {
    long restLease = positive(context, "locks.rest-lease-ms", LockResource.DEFAULT_REST_LEASE_MILLIS);
    long tick = positive(context, "locks.tick-ms", DEFAULT_TICK_MILLIS);
    long retry = positive(context, "locks.retry-ms", DEFAULT_RETRY_MILLIS);
    LockStateMachine machine = new LockStateMachine();
    LockLog log = binding.bind(context, machine);
    engine = new ReplicatedLockEngine(log, machine, System::currentTimeMillis, context.scheduler(), tick, retry);
    metrics = new LockMetrics(context.metrics(), engine, context.scheduler(), 1_000);
    if (!context.embedded()) {
      context.admin().register(new LockResource(engine, restLease, context.scheduler()));
      context.admin().addStatus("locks", this::status);
      LockWire.register(context.messages());
      endpoint = new RemoteLockEndpoint(engine, context.transport());
      endpoint.bind(context.router());
    }
    this.context = context;
  }

  private static long positive(ServiceContext context, String key, long defaultValue) {
    String raw = context.config().setting(key, Long.toString(defaultValue));
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number of milliseconds, was '" + raw + "'");
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }

  private Map<String, Object> status() {
    var s = metrics.last();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("active_locks", s.activeLocks());
    out.put("waiting_requests", s.waitingRequests());
    out.put("deadlocks_detected", s.deadlocksDetected());
    out.put("sessions", s.sessions());
    out.put("last_fence", s.lastFence());
    engine.leaderId().ifPresent(l -> out.put("leader_id", l));
    return out;
  }

  /**
   * The engine for clients inside this node.
   *
   * @throws IllegalStateException before {@link #start}
   */
  public LockEngine engine() {
    if (engine == null) {
      throw new IllegalStateException("the locks service has not started");
    }
    return engine;
  }

  @Override
  public void stop() {
    if (endpoint != null) {
      endpoint.unbind(context.router());
    }
    if (metrics != null) {
      metrics.close();
    }
    if (engine != null) {
      engine.close();
    }
  }
}
