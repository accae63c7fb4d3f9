package io.dsync.cluster;

import io.dsync.net.MessageRouter;
import io.dsync.net.Transport;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The thin driver of a {@link FailureDetector}: every interval it sends a {@link Heartbeat} to
 * each peer and ticks the detector; inbound heartbeats are fed in as they arrive; changes are
 * published to {@link Membership}. Thread-safe: detector calls are serialized on this object.
 *
 * <p>A simulation may call {@link #tick()} itself instead of {@link #start}ing the timer.
 */
public final class HeartbeatDriver implements AutoCloseable {
  private final Transport transport;
  private final MessageRouter router;
  private final FailureDetector detector;
  private final Membership membership;
  private final LongSupplier clock;
  private final long incarnation;
  private long sequence;
  private ScheduledFuture<?> timer;
  private boolean bound;

  /**
   * @param transport where heartbeats go
   * @param router where inbound heartbeats are routed from
   * @param detector the detector, built with this node's peers
   * @param membership where views are published
   * @param clock milliseconds (wall clock on a node, virtual time in a simulation)
   */
  public HeartbeatDriver(
      Transport transport,
      MessageRouter router,
      FailureDetector detector,
      Membership membership,
      LongSupplier clock) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.router = Objects.requireNonNull(router, "router");
    this.detector = Objects.requireNonNull(detector, "detector");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.incarnation = detector.selfIncarnation();
  }

  /**
   * Routes inbound heartbeats to the detector; call before the transport starts delivering.
   * Idempotent.
   */
  public synchronized void bind() {
    if (!bound) {
      router.route(Heartbeat.class, (from, message, reply) -> onHeartbeat(from, message));
      bound = true;
    }
  }

  /** Binds (if not yet bound) and starts the heartbeat timer on {@code scheduler}. */
  public synchronized void start(ScheduledExecutorService scheduler, long intervalMillis) {
    if (timer != null) {
      throw new IllegalStateException("heartbeat driver already started");
    }
    bind();
    tick();
    timer = scheduler.scheduleAtFixedRate(
        this::tickQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** One round: send a heartbeat to every peer, then tick the detector. */
  public void tick() {
    MembershipView view;
    Heartbeat beat;
    synchronized (this) {
      beat = new Heartbeat(incarnation, ++sequence);
      List<MemberEvent> events = detector.onTick(clock.getAsLong());
      view = detector.view();
      publish(events, view);
    }
    for (Member member : view.members()) {
      if (!member.local()) {
        transport.send(member.id(), beat);
      }
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      // a failing round must not cancel the timer
      org.slf4j.LoggerFactory.getLogger(HeartbeatDriver.class).error("heartbeat round failed", e);
    }
  }

  /** An inbound heartbeat from {@code from}. */
  public synchronized void onHeartbeat(NodeId from, Heartbeat heartbeat) {
    List<MemberEvent> events = detector.onHeartbeat(from, heartbeat.incarnation(), clock.getAsLong());
    if (!events.isEmpty()) {
      publish(events, detector.view());
    }
  }

  // called holding this object's lock, so views are published in the order they were made
  private void publish(List<MemberEvent> events, MembershipView view) {
    if (!events.isEmpty()) {
      membership.publish(events, view);
    }
  }

  /** Stops the timer and the routing of heartbeats. Idempotent. */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (bound) {
      router.unroute(Heartbeat.class);
      bound = false;
    }
  }
}
