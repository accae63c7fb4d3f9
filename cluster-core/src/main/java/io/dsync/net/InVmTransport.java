package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.ErrorResponse;
import io.dsync.wire.FrameFlags;
import io.dsync.wire.Message;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} inside one JVM, made by {@link InVmNetwork#transport}. Inbound messages,
 * responses and disconnect notices run on this transport's own delivery thread, in order; that
 * thread is also its {@link #peerExecutor}. A
 * full inbox drops the send (counted) and makes {@link #isWritable} false for senders to it.
 * Closing it tells every other open transport of the network {@code onDisconnected}.
 * Thread-safe.
 */
public final class InVmTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(InVmTransport.class);

  private final NodeId id;
  private final InVmNetwork network;
  private final int inboxMessages;
  private final AtomicInteger inboxSize = new AtomicInteger();
  private final TransportCounters counters = new TransportCounters();
  private final PendingRequests pending;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor inbox;
  private volatile InboundHandler handler;

  InVmTransport(NodeId id, InVmNetwork network, int inboxMessages) {
    this.id = id;
    this.network = network;
    this.inboxMessages = inboxMessages;
    this.pending = new PendingRequests(network::schedule);
    this.inbox =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "dsync-invm-" + id);
              t.setDaemon(true);
              return t;
            });
    this.inbox.setRemoveOnCancelPolicy(true);
  }

  @Override
  public NodeId localId() {
    return id;
  }

  @Override
  public void start(InboundHandler inboundHandler) {
    Objects.requireNonNull(inboundHandler, "handler");
    if (closed.get()) {
      throw new IllegalStateException("transport " + id + " is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("transport " + id + " is started already");
    }
    handler = inboundHandler;
  }

  @Override
  public void send(NodeId to, Message message) {
    check(to, message);
    deliver(to, FrameFlags.ONE_WAY, 0, message);
  }

  @Override
  public CompletableFuture<Message> request(NodeId to, Message request, Duration timeout) {
    check(to, request);
    Objects.requireNonNull(timeout, "timeout");
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("transport " + id + " is closed"));
    }
    long correlationId = pending.nextCorrelationId();
    CompletableFuture<Message> future = pending.register(correlationId, to, timeout);
    deliver(to, FrameFlags.REQUEST, correlationId, request);
    return future;
  }

  private void check(NodeId to, Message message) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    if (network.serializes() && !network.isRegistered(message)) {
      throw new IllegalArgumentException("message class not registered: " + message.getClass().getName());
    }
  }

  private void deliver(NodeId to, int flags, long correlationId, Message message) {
    InVmTransport target = network.lookup(to);
    if (closed.get() || !started.get() || target == null) {
      counters.droppedNoRoute.increment();
      return;
    }
    Message carried;
    try {
      carried = network.carry(message, flags, correlationId);
    } catch (RuntimeException e) {
      counters.droppedTooLarge.increment();
      log.warn("not sent to {}: {}", to, e.toString());
      if (FrameFlags.kind(flags) == FrameFlags.REQUEST) {
        pending.fail(correlationId, e);
      }
      return;
    }
    counters.framesSent.increment();
    if (!target.accept(id, flags, correlationId, carried)) {
      counters.droppedQueueFull.increment();
    }
  }

  /** Queues an inbound frame on this transport's thread; false when the inbox is full. */
  private boolean accept(NodeId from, int flags, long correlationId, Message message) {
    if (closed.get() || handler == null) {
      return true; // lost like a message to a dead node, not a full queue
    }
    if (inboxSize.incrementAndGet() > inboxMessages) {
      inboxSize.decrementAndGet();
      return false;
    }
    try {
      inbox.execute(() -> {
        inboxSize.decrementAndGet();
        receive(from, flags, correlationId, message);
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      inboxSize.decrementAndGet();
    }
    return true;
  }

  private void receive(NodeId from, int flags, long correlationId, Message message) {
    if (closed.get()) {
      return;
    }
    counters.framesReceived.increment();
    int kind = FrameFlags.kind(flags);
    if (kind == FrameFlags.RESPONSE) {
      if ((flags & FrameFlags.ERROR) != 0 && message instanceof ErrorResponse error) {
        pending.fail(correlationId, from, new RemoteException(error.errorCode(), error.message()));
      } else {
        pending.complete(correlationId, from, message);
      }
      return;
    }
    Reply reply = kind == FrameFlags.REQUEST ? new InVmReply(from, correlationId) : Reply.NONE;
    try {
      handler.onMessage(from, message, reply);
    } catch (RuntimeException e) {
      log.error("handler failed on {} from {}", message.getClass().getSimpleName(), from, e);
      if (reply.expected()) {
        reply.fail("internal", String.valueOf(e.getMessage()));
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: this transport's delivery thread (every inbound message runs there).
   */
  @Override
  public Optional<ScheduledExecutorService> peerExecutor() {
    return Optional.of(inbox);
  }

  @Override
  public boolean isWritable(NodeId to) {
    InVmTransport target = network.lookup(to);
    return target != null && target.inboxSize.get() < target.inboxMessages;
  }

  /** Counters since creation. */
  public TransportStats stats() {
    return counters.snapshot();
  }

  void peerClosed(NodeId peer) {
    InboundHandler h = handler;
    if (h == null || closed.get()) {
      return;
    }
    try {
      inbox.execute(() -> {
        try {
          h.onDisconnected(peer);
        } catch (RuntimeException e) {
          log.error("onDisconnected({}) failed", peer, e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /** Closes this transport: pending requests fail, queued inbound messages are discarded. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pending.failAll(new IllegalStateException("transport " + id + " closed"));
    inbox.shutdownNow();
    network.closed(this);
    try {
      inbox.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class InVmReply implements Reply {
    private final NodeId requester;
    private final long correlationId;
    private final AtomicBoolean answered = new AtomicBoolean();

    InVmReply(NodeId requester, long correlationId) {
      this.requester = requester;
      this.correlationId = correlationId;
    }

    @Override
    public boolean expected() {
      return true;
    }

    @Override
    public void respond(Message response) {
      Objects.requireNonNull(response, "response");
      if (network.serializes() && !network.isRegistered(response)) {
        fail("internal", "response class not registered: " + response.getClass().getName());
        return;
      }
      if (answered.compareAndSet(false, true)) {
        deliver(requester, FrameFlags.RESPONSE, correlationId, response);
      }
    }

    @Override
    public void fail(String errorCode, String message) {
      if (answered.compareAndSet(false, true)) {
        deliver(requester, FrameFlags.RESPONSE | FrameFlags.ERROR, correlationId,
            new ErrorResponse(String.valueOf(errorCode), String.valueOf(message)));
      }
    }
  }
}
