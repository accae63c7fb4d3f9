package io.dsync.lock;

import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.Status;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session: its id, the invocation sequence, the heartbeat thread that keeps its lease,
 * and blocking calls with a bound. Thread-safe.
 */
final class ClientSession {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
  private static final SecureRandom IDS = new SecureRandom();

  final LockEngine engine;
  final long id;
  final long leaseMillis;
  final long operationTimeoutMillis;
  private final long heartbeatMillis;
  /** Sequences issued so far, and those whose final answer has not arrived (guarded by this). */
  private long sequence;
  private final TreeSet<Long> inFlight = new TreeSet<>();
  private final ScheduledExecutorService heartbeat;
  private volatile boolean closed;
  private volatile String lostReason;

  ClientSession(LockEngine engine, long leaseMillis, long heartbeatMillis, long operationTimeoutMillis) {
    this.engine = engine;
    this.leaseMillis = leaseMillis;
    this.operationTimeoutMillis = operationTimeoutMillis;
    this.heartbeatMillis = heartbeatMillis;
    long sid;
    do {
      sid = IDS.nextLong();
    } while (sid == 0);
    this.id = sid;
    LockResult opened = call(new LockCommand.OpenSession(id, leaseMillis));
    if (opened.status() != Status.OK) {
      throw new LockException("could not open lock session: " + opened.message());
    }
    String name = "dsync-lock-heartbeat-" + Long.toHexString(id);
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleWithFixedDelay(this::beat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    if (closed || lostReason != null) {
      return;
    }
    engine.submit(new LockCommand.KeepAlive(id, ackedThrough())).whenComplete((r, t) -> {
      if (t != null) {
        LOG.debug("lock session {} heartbeat failed: {}", Long.toHexString(id), t.toString());
      } else if (r.status() == Status.UNKNOWN_SESSION && !closed) {
        lostReason = "lock session " + Long.toHexString(id) + " expired; its locks were released";
        LOG.warn(lostReason);
      }
    });
  }

  /** A fresh invocation, in flight until {@link #done}. */
  synchronized InvocationId nextInvocation() {
    inFlight.add(++sequence);
    return new InvocationId(id, sequence);
  }

  /** The invocation got its final answer: it will not be retried. */
  synchronized void done(InvocationId invocation) {
    inFlight.remove(invocation.sequence());
  }

  /** Every sequence up to this one is answered and will not be retried (sent with heartbeats). */
  synchronized long ackedThrough() {
    return inFlight.isEmpty() ? sequence : inFlight.first() - 1;
  }

  /** The reason the session was lost, or null while it is alive. */
  String lostReason() {
    return lostReason;
  }

  boolean isClosed() {
    return closed;
  }

  void checkUsable() {
    if (closed) {
      throw new LockException("lock session is closed");
    }
    if (lostReason != null) {
      throw new LockException(lostReason);
    }
  }

  /**
   * Gives back a hold and makes sure the release's outcome becomes known. Waits up to the operation
   * timeout; if no answer comes by then, the same invocation (applied at most once) keeps being
   * re-sent in the background until an answer arrives or the session ends (which releases
   * everything anyway), and this throws a {@link LockException}. Until then the invocation stays
   * unacknowledged, so the table keeps recognizing it.
   *
   * @return the answer, if it came within the operation timeout
   * @throws UnconfirmedRelease if it did not; {@link UnconfirmedRelease#settled()} completes once
   *     the release's outcome is known
   */
  LockResult release(LockCommand.Release release) {
    LockResult r;
    try {
      r = callOnce(release);
    } catch (LockException unknown) {
      CompletableFuture<Void> settled = new CompletableFuture<>();
      resend(release, settled, 1);
      throw new UnconfirmedRelease(unknown.getMessage(), settled, unknown);
    }
    done(release.invocation());
    return r;
  }

  /** Re-sends an unanswered release with growing pauses (up to a heartbeat period) until answered. */
  private void resend(LockCommand.Release release, CompletableFuture<Void> settled, int attempt) {
    if (closed || lostReason != null) {
      done(release.invocation());
      settled.complete(null); // the session's end released whatever it held
      return;
    }
    long pause = Math.min(heartbeatMillis, 10L << Math.min(attempt, 10));
    try {
      heartbeat.schedule(() -> engine.submit(release)
          .orTimeout(operationTimeoutMillis, TimeUnit.MILLISECONDS)
          .whenComplete((r, t) -> {
            if (t == null) {
              done(release.invocation());
              settled.complete(null);
              if (r.status() != Status.OK) {
                LOG.warn("lock session {}: release of '{}' confirmed late with {}: {}",
                    Long.toHexString(id), release.resource(), r.status(), r.message());
              }
            } else {
              resend(release, settled, attempt + 1);
            }
          }), pause, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      done(release.invocation());
      settled.complete(null); // the session is closing: its end releases everything
    }
  }

  /** A release whose answer did not arrive in time; it keeps being re-sent until answered. */
  static final class UnconfirmedRelease extends LockException {
    private static final long serialVersionUID = 1L;
    private final transient CompletableFuture<Void> settled;

    UnconfirmedRelease(String message, CompletableFuture<Void> settled, Throwable cause) {
      super(message, cause);
      this.settled = settled;
    }

    /** Completes once the release's outcome is known (or the session has ended). */
    CompletableFuture<Void> settled() {
      return settled;
    }
  }

  /** Submits and waits up to the operation timeout, ignoring interrupts (restoring the flag). */
  LockResult call(LockCommand command) {
    try {
      return callOnce(command);
    } finally {
      if (command instanceof LockCommand.Acquire a) {
        done(a.invocation());
      } else if (command instanceof LockCommand.Release r) {
        done(r.invocation());
      }
    }
  }

  private LockResult callOnce(LockCommand command) {
    CompletableFuture<LockResult> f = engine.submit(command);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(operationTimeoutMillis);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new LockException("lock engine failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
          throw new LockException("no answer within " + operationTimeoutMillis + " ms to " + command
              + "; the outcome is unknown", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the heartbeat and closes the session, releasing everything it holds. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (lostReason == null) {
      try {
        call(new LockCommand.CloseSession(id));
      } catch (LockException e) {
        LOG.debug("closing lock session {}: {}", Long.toHexString(id), e.getMessage());
      }
    }
  }

  /** Stops heartbeats without closing, as if this client crashed (for tests). */
  void stopHeartbeatForTest() {
    heartbeat.shutdownNow();
  }
}
