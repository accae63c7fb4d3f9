package io.dsync.lock.remote;

import io.dsync.client.ClientOptions;
import io.dsync.client.ClusterClient;
import io.dsync.lock.LockEngine;
import io.dsync.lock.LockException;
import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCodec;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockQueryCodec;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockStats;
import io.dsync.lock.core.LockView;
import io.dsync.lock.core.Status;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link LockEngine} in another process: sends commands over the binary port to any node of a
 * cluster ({@code dsync://host:port,host:port}), which applies them through Raft. A queued acquire
 * is answered {@code WAITING} at once and its end is pushed later ({@link LockWire.LockNotice}); as
 * long as it waits, it is re-sent every {@code pollMillis} with the same invocation id (applied
 * once), which also finds its outcome when a notice was lost with a node. Requests retry on
 * another node when one fails ({@link ClusterClient}).
 *
 * <p>Thread-safe; never blocks except {@link #connect} and {@link #close}.
 */
public final class RemoteLockEngine implements LockEngine {
  /** Default interval at which a queued acquire is re-sent. */
  public static final long DEFAULT_POLL_MILLIS = 2_000;

  private final ClusterClient client;
  private final ConcurrentHashMap<InvocationId, Pending> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  private volatile boolean closed;

  private record Pending(LockCommand.Acquire command, CompletableFuture<LockResult> result) {}

  private RemoteLockEngine(ClusterClient client, long pollMillis) {
    this.client = client;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dsync-lock-remote-poll");
      t.setDaemon(true);
      return t;
    });
    client.onPush((from, message, reply) -> {
      if (message instanceof LockWire.LockNotice n) {
        onNotice(n);
      }
    });
    poller.scheduleWithFixedDelay(this::resendPending, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Connects to a cluster. Blocks until one node answers.
   *
   * @param url {@code dsync://host:port[,host:port...]}
   * @throws io.dsync.client.ClusterUnavailableException if no node can be reached
   * @throws IllegalArgumentException for a malformed URL
   */
  public static RemoteLockEngine connect(String url) {
    return connect(ClientOptions.of(url), DEFAULT_POLL_MILLIS);
  }

  /** Connects with the given client options and re-send interval. Blocks until one node answers. */
  public static RemoteLockEngine connect(ClientOptions options, long pollMillis) {
    MessageRegistry registry = LockWire.register(new MessageRegistry());
    return new RemoteLockEngine(ClusterClient.connect(options, registry), pollMillis);
  }

  @Override
  public CompletableFuture<LockResult> submit(LockCommand command) {
    if (closed) {
      return CompletableFuture.failedFuture(new LockException("lock engine is closed"));
    }
    if (command == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("null command"));
    }
    if (command instanceof LockCommand.Acquire a && a.waitIfBusy()) {
      Pending p = pending.computeIfAbsent(a.invocation(), k -> new Pending(a, new CompletableFuture<>()));
      send(a, p.result());
      return p.result();
    }
    CompletableFuture<LockResult> result = new CompletableFuture<>();
    if (command instanceof LockCommand.Cancel c) {
      // the caller gave up waiting: stop re-sending, and end the wait with the cancel's outcome
      Pending abandoned = pending.remove(c.target());
      if (abandoned != null) {
        result.whenComplete((r, t) -> {
          if (t == null) {
            abandoned.result().complete(r);
          } else {
            abandoned.result().completeExceptionally(t);
          }
        });
      }
    }
    send(command, result);
    return result;
  }

  private void send(LockCommand command, CompletableFuture<LockResult> result) {
    client.request(new LockWire.LockRequest(LockCodec.encodeCommand(command))).whenComplete((m, t) -> {
      InvocationId inv = command instanceof LockCommand.Acquire a && a.waitIfBusy() ? a.invocation() : null;
      if (t != null) {
        if (inv == null) { // a queued acquire keeps waiting: the next re-send tries again
          result.completeExceptionally(new LockException("lock request failed: " + t.getMessage(), t));
        }
        return;
      }
      LockResult r;
      try {
        r = LockCodec.decodeResult(((LockWire.LockReply) m).result());
      } catch (RuntimeException e) {
        result.completeExceptionally(new LockException("bad lock reply: " + e.getMessage(), e));
        return;
      }
      if (r.status() != Status.WAITING) {
        if (inv != null) {
          pending.remove(inv);
        }
        result.complete(r);
      }
    });
  }

  private void onNotice(LockWire.LockNotice n) {
    Pending p = pending.remove(new InvocationId(n.sessionId(), n.sequence()));
    if (p != null) {
      try {
        p.result().complete(LockCodec.decodeResult(n.result()));
      } catch (RuntimeException e) {
        p.result().completeExceptionally(new LockException("bad lock notice: " + e.getMessage(), e));
      }
    }
  }

  private void resendPending() {
    for (Pending p : pending.values()) {
      if (!p.result().isDone()) {
        send(p.command(), p.result());
      }
    }
  }

  @Override
  public CompletableFuture<Optional<LockView>> view(String resource) {
    return query(LockQueryCodec.viewQuery(resource), LockQueryCodec::readView);
  }

  @Override
  public CompletableFuture<List<LockView>> views() {
    return query(LockQueryCodec.viewsQuery(), LockQueryCodec::readViews);
  }

  @Override
  public CompletableFuture<LockStats> stats() {
    return query(LockQueryCodec.statsQuery(), LockQueryCodec::readStats);
  }

  private <T> CompletableFuture<T> query(byte[] q, Function<byte[], T> read) {
    if (closed) {
      return CompletableFuture.failedFuture(new LockException("lock engine is closed"));
    }
    return client.request(new LockWire.QueryRequest(q), Duration.ofSeconds(30))
        .thenApply((Message m) -> read.apply(((LockWire.QueryReply) m).answer()));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    poller.shutdownNow();
    LockException gone = new LockException("lock engine closed while waiting");
    pending.values().forEach(p -> p.result().completeExceptionally(gone));
    pending.clear();
    client.close();
  }
}
