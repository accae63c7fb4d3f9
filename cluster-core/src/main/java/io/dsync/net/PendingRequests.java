package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests a transport has sent and not yet seen answered, by correlation id, each with its
 * timeout. Shared by the TCP, in-VM and simulated transports; the clock is the {@link Timer}
 * passed in. Thread-safe.
 */
public final class PendingRequests {

  /** Schedules a task; returns an action that cancels it. */
  @FunctionalInterface
  public interface Timer {
    Runnable schedule(long delayMillis, Runnable task);
  }

  private record Pending(CompletableFuture<Message> future, NodeId peer) {}

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final Timer timer;

  public PendingRequests(Timer timer) {
    this.timer = timer;
  }

  /** A fresh correlation id, never 0. */
  public long nextCorrelationId() {
    return nextId.incrementAndGet();
  }

  /**
   * Registers a request; the future fails with {@link TimeoutException} after {@code timeout}
   * unless answered first. Cancelling the future forgets the request.
   */
  public CompletableFuture<Message> register(long correlationId, NodeId peer, Duration timeout) {
    CompletableFuture<Message> future = new CompletableFuture<>();
    pending.put(correlationId, new Pending(future, peer));
    long millis = Math.max(0, timeout.toMillis());
    Runnable cancel =
        timer.schedule(
            millis,
            () -> {
              if (pending.remove(correlationId) != null) {
                future.completeExceptionally(
                    new TimeoutException("no answer from " + peer + " within " + millis + " ms"));
              }
            });
    future.whenComplete(
        (r, e) -> {
          pending.remove(correlationId);
          cancel.run();
        });
    return future;
  }

  /** Completes a request with its response; false if it is unknown (late, or timed out). */
  public boolean complete(long correlationId, Message response) {
    Pending p = pending.remove(correlationId);
    return p != null && p.future().complete(response);
  }

  /**
   * Completes a request with a response that came from {@code from}; a response from any other
   * peer than the one asked is ignored (false), so one peer cannot answer another's requests.
   */
  public boolean complete(long correlationId, NodeId from, Message response) {
    Pending p = pending.get(correlationId);
    if (p == null || !p.peer().equals(from)) {
      return false;
    }
    return complete(correlationId, response);
  }

  /** Fails a request with an error answer from {@code from}; ignored (false) from another peer. */
  public boolean fail(long correlationId, NodeId from, Throwable error) {
    Pending p = pending.get(correlationId);
    if (p == null || !p.peer().equals(from)) {
      return false;
    }
    return fail(correlationId, error);
  }

  /** Fails one request; false if it is unknown. */
  public boolean fail(long correlationId, Throwable error) {
    Pending p = pending.remove(correlationId);
    return p != null && p.future().completeExceptionally(error);
  }

  /** Fails every pending request (the transport is closing). */
  public void failAll(Throwable error) {
    for (Long id : pending.keySet()) {
      fail(id, error);
    }
  }

  /** Requests waiting for an answer. */
  public int size() {
    return pending.size();
  }
}
