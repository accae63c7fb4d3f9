package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound connection to one configured peer: its queue (which outlives connections),
 * connecting, and reconnecting with exponential backoff and jitter after a failure or a drop.
 * Frames queued while a connection attempt is under way are sent when it succeeds and discarded
 * when it fails. Thread-safe (state guarded by {@code this}).
 */
final class PeerLink {
  private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

  final NodeId id;
  final OutboundQueue queue;
  private final Bootstrap bootstrap;
  private final Backoff backoff;
  private final Random random;
  private final TransportCounters counters;
  private final boolean eager;
  private InetSocketAddress address;
  private volatile Channel channel;
  private boolean connecting;
  private ScheduledFuture<?> reconnect;
  private int failures;
  private boolean established;
  private boolean closed;
  private final List<CompletableFuture<Void>> waiters = new ArrayList<>();

  PeerLink(
      NodeId id,
      InetSocketAddress address,
      OutboundQueue queue,
      Bootstrap bootstrap,
      Backoff backoff,
      Random random,
      TransportCounters counters,
      boolean eager) {
    this.eager = eager;
    this.id = id;
    this.address = address;
    this.queue = queue;
    // the attribute must be on the channel before it registers: a loopback connect can complete
    // (and fire channelActive) inside connect()
    this.bootstrap = bootstrap.clone().attr(NettyTcpTransport.LINK, this);
    this.backoff = backoff;
    this.random = random;
    this.counters = counters;
  }

  /** Queues a frame and makes sure a connection is on its way. */
  boolean offer(OutboundFrame frame) {
    boolean queued = queue.offer(frame);
    if (channel == null) { // fast path without the lock while connected
      ensureConnecting();
    }
    return queued;
  }

  synchronized InetSocketAddress address() {
    return address;
  }

  /** Changes the address; the next connection attempt uses it. */
  synchronized void address(InetSocketAddress newAddress) {
    this.address = newAddress;
  }

  synchronized boolean isEstablished() {
    return established && channel != null && channel.isActive();
  }

  /** Completes when a connection's handshake from the peer arrives; fails when an attempt fails. */
  synchronized CompletableFuture<Void> connect() {
    if (isEstablished()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    if (closed) {
      waiter.completeExceptionally(new IllegalStateException("link to " + id + " is closed"));
      return waiter;
    }
    waiters.add(waiter);
    if (reconnect != null) {
      reconnect.cancel(false);
      reconnect = null;
    }
    ensureConnecting();
    return waiter;
  }

  synchronized void ensureConnecting() {
    if (closed || channel != null || connecting || reconnect != null) {
      return;
    }
    connecting = true;
    InetSocketAddress target = address;
    ChannelFuture attempt = bootstrap.connect(target);
    attempt.addListener(f -> {
      if (!f.isSuccess()) {
        onConnectFailed(target, f.cause());
      }
    });
  }

  /** The socket is connected and our handshake written (event loop). */
  synchronized void onActive(Channel ch) {
    connecting = false;
    if (closed) {
      ch.close();
      return;
    }
    channel = ch;
    queue.attach(ch);
  }

  /** A dial ended connected to its own source port (event loop): a failed attempt, retried as usual. */
  void onConnectedToItself(Channel ch) {
    onConnectFailed(address, new ConnectException("the socket " + ch.localAddress()
        + " connected to itself (nothing listens there yet)"));
  }

  /** The peer's handshake arrived on {@code ch}. */
  void onEstablished(Channel ch) {
    List<CompletableFuture<Void>> done;
    synchronized (this) {
      if (ch != channel) {
        return;
      }
      established = true;
      failures = 0;
      done = new ArrayList<>(waiters);
      waiters.clear();
    }
    done.forEach(w -> w.complete(null));
  }

  private void onConnectFailed(InetSocketAddress target, Throwable cause) {
    List<CompletableFuture<Void>> failed;
    synchronized (this) {
      connecting = false;
      counters.connectFailures.increment();
      int dropped = queue.clear();
      log.debug("connect to {} at {} failed ({} queued frames dropped): {}", id, target, dropped, cause.toString());
      failed = new ArrayList<>(waiters);
      waiters.clear();
      scheduleReconnect();
    }
    ConnectException error = new ConnectException("cannot connect to " + id + " at " + target + ": " + cause.getMessage());
    failed.forEach(w -> w.completeExceptionally(error));
  }

  /** The channel closed (event loop). */
  void onClosed(Channel ch) {
    List<CompletableFuture<Void>> failed;
    synchronized (this) {
      queue.detach(ch);
      if (ch != channel) {
        return;
      }
      channel = null;
      int dropped = queue.clear();
      if (established && !closed) {
        log.info("connection to {} lost ({} queued frames dropped); reconnecting", id, dropped);
      }
      established = false;
      failed = new ArrayList<>(waiters); // closed before the peer's handshake
      waiters.clear();
      scheduleReconnect();
    }
    ConnectException error = new ConnectException("connection to " + id + " closed before its handshake");
    failed.forEach(w -> w.completeExceptionally(error));
  }

  private void scheduleReconnect() {
    if (closed || reconnect != null || !eager) {
      return;
    }
    long delay = backoff.delayMillis(failures++, random);
    reconnect =
        bootstrap.config().group().schedule(
            () -> {
              synchronized (PeerLink.this) {
                reconnect = null;
              }
              ensureConnecting();
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  /** Stops reconnecting, closes the connection and drops what is queued. */
  void close() {
    Channel ch;
    List<CompletableFuture<Void>> failed;
    synchronized (this) {
      closed = true;
      if (reconnect != null) {
        reconnect.cancel(false);
        reconnect = null;
      }
      ch = channel;
      channel = null;
      failed = new ArrayList<>(waiters);
      waiters.clear();
    }
    if (ch != null) {
      queue.detach(ch);
      ch.close();
    }
    queue.clear();
    IllegalStateException error = new IllegalStateException("link to " + id + " closed");
    failed.forEach(w -> w.completeExceptionally(error));
  }
}
