package io.dsync.sim;

import io.dsync.cluster.NodeId;
import io.dsync.net.InboundHandler;
import io.dsync.net.PendingRequests;
import io.dsync.net.RemoteException;
import io.dsync.net.Reply;
import io.dsync.net.Transport;
import io.dsync.wire.ErrorResponse;
import io.dsync.wire.FrameFlags;
import io.dsync.wire.Message;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One node's {@link Transport} on a {@link SimNetwork}. Same contract as the TCP and in-VM
 * transports, on virtual time: request timeouts fire on the scheduler, handlers run on the
 * simulation thread. After its node crashes it is dead for good (sends ignored, pending requests
 * never complete); {@link SimNetwork#restart} hands out a new one.
 */
public final class SimTransport implements Transport {
  private final NodeId id;
  private final int incarnation;
  private final SimNetwork network;
  private final PendingRequests pending;
  private InboundHandler handler;
  private boolean dead;

  SimTransport(NodeId id, int incarnation, SimNetwork network) {
    this.id = id;
    this.incarnation = incarnation;
    this.network = network;
    SimScheduler scheduler = network.scheduler();
    this.pending =
        new PendingRequests(
            (delay, task) -> {
              SimScheduler.Event e = scheduler.schedule(delay, () -> {
                if (!dead) {
                  task.run();
                }
              });
              return e::cancel;
            });
  }

  @Override
  public NodeId localId() {
    return id;
  }

  int incarnation() {
    return incarnation;
  }

  boolean isStarted() {
    return handler != null && !dead;
  }

  @Override
  public void start(InboundHandler inboundHandler) {
    Objects.requireNonNull(inboundHandler, "handler");
    if (dead) {
      throw new IllegalStateException("transport of " + id + " is dead (crashed or closed)");
    }
    if (handler != null) {
      throw new IllegalStateException("transport " + id + " is started already");
    }
    handler = inboundHandler;
  }

  @Override
  public void send(NodeId to, Message message) {
    check(to, message);
    if (!dead) {
      network.transmit(this, to, FrameFlags.ONE_WAY, 0, message);
    }
  }

  @Override
  public CompletableFuture<Message> request(NodeId to, Message request, Duration timeout) {
    check(to, request);
    Objects.requireNonNull(timeout, "timeout");
    if (dead) {
      return new CompletableFuture<>(); // a dead node's code is gone; nothing completes
    }
    long correlationId = pending.nextCorrelationId();
    CompletableFuture<Message> future = pending.register(correlationId, to, timeout);
    network.transmit(this, to, FrameFlags.REQUEST, correlationId, request);
    return future;
  }

  private void check(NodeId to, Message message) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    if (network.serializes() && !network.isRegistered(message)) {
      throw new IllegalArgumentException("message class not registered: " + message.getClass().getName());
    }
  }

  void receive(NodeId from, int flags, long correlationId, Message message) {
    int kind = FrameFlags.kind(flags);
    if (kind == FrameFlags.RESPONSE) {
      if ((flags & FrameFlags.ERROR) != 0 && message instanceof ErrorResponse error) {
        pending.fail(correlationId, from, new RemoteException(error.errorCode(), error.message()));
      } else {
        pending.complete(correlationId, from, message);
      }
      return;
    }
    Reply reply = kind == FrameFlags.REQUEST ? new SimReply(from, correlationId) : Reply.NONE;
    handler.onMessage(from, message, reply); // exceptions stop the simulation: a bug, not input
  }

  void disconnected(NodeId peer) {
    if (isStarted()) {
      network.record("disconnected " + id + " from " + peer);
      handler.onDisconnected(peer);
    }
  }

  void kill() {
    dead = true;
  }

  /** Closing a simulated transport is a crash of its node if it is still up. */
  @Override
  public void close() {
    if (!dead && network.isUp(id)) {
      network.crash(id);
    }
    dead = true;
  }

  private final class SimReply implements Reply {
    private final NodeId requester;
    private final long correlationId;
    private boolean answered;

    SimReply(NodeId requester, long correlationId) {
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
      if (!answered && !dead) {
        answered = true;
        network.transmit(SimTransport.this, requester, FrameFlags.RESPONSE, correlationId, response);
      }
    }

    @Override
    public void fail(String errorCode, String message) {
      if (!answered && !dead) {
        answered = true;
        network.transmit(SimTransport.this, requester, FrameFlags.RESPONSE | FrameFlags.ERROR, correlationId,
            new ErrorResponse(String.valueOf(errorCode), String.valueOf(message)));
      }
    }
  }
}
