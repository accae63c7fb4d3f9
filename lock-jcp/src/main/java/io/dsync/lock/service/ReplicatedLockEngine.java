package io.dsync.lock.service;

import io.dsync.lock.LockEngine;
import io.dsync.lock.LockException;
import io.dsync.lock.core.Applied;
import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCodec;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockEvent;
import io.dsync.lock.core.LockQueryCodec;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockStats;
import io.dsync.lock.core.LockView;
import io.dsync.lock.core.Status;
import io.dsync.raft.RaftException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A {@link LockEngine} over a replicated log: each command is stamped with this node's clock and
 * appended; the result comes back from the state machine. A queued acquire is answered when this
 * node's replica applies its grant or cancellation (every replica applies every entry, so the
 * node the client talks to learns of it whichever node leads).
 *
 * <p>Retries: a command whose outcome is unknown (time-out, lost leader, dropped entry, not the
 * leader) is submitted again with the same invocation id, which the state machine applies at
 * most once, with a growing pause, until {@code retryForMillis} has passed. Every
 * {@code tickMillis} the leader checks whether a session lease has run out by its clock and, only
 * then, submits a tick so that the session expires without other traffic (an idle table writes
 * nothing to the log).
 *
 * <p>Thread-safe; never blocks the caller.
 */
public final class ReplicatedLockEngine implements LockEngine {
  private final LockLog log;
  private final LockStateMachine machine;
  private final LongSupplier clockMillis;
  private final ScheduledExecutorService scheduler;
  private final long retryForMillis;
  private final ConcurrentHashMap<InvocationId, CompletableFuture<LockResult>> pending = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> ticker;
  private volatile boolean closed;

  /**
   * An engine over {@code log}; registers itself as the listener of {@code machine}, the local
   * replica's state machine.
   */
  public ReplicatedLockEngine(LockLog log, LockStateMachine machine, LongSupplier clockMillis,
      ScheduledExecutorService scheduler, long tickMillis, long retryForMillis) {
    this.log = log;
    this.machine = machine;
    this.clockMillis = clockMillis;
    this.scheduler = scheduler;
    this.retryForMillis = retryForMillis;
    machine.setListener(this::onApplied);
    this.ticker = scheduler.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  /** On the leader, once a lease has run out by this node's clock, lets the table expire it. */
  private void tick() {
    long now = clockMillis.getAsLong();
    if (!closed && now >= machine.nextExpiryMillis() && log.isLeader()) {
      log.submit(LockStateMachine.entry(new LockCommand.Tick(), now));
    }
  }

  /** Runs on the Raft apply thread: answer queued acquires that ended. */
  private void onApplied(LockCommand command, Applied applied) {
    for (LockEvent e : applied.events()) {
      if (e instanceof LockEvent.Granted g) {
        finish(g.invocation(), LockResult.granted(g.fence()));
      } else if (e instanceof LockEvent.Cancelled c) {
        finish(c.invocation(), c.reason() == Status.CANCELLED ? LockResult.cancelled(0, "cancelled")
            : LockResult.error(c.reason(), "session ended while waiting for '" + c.resource() + "'"));
      }
    }
  }

  private void finish(InvocationId inv, LockResult r) {
    CompletableFuture<LockResult> f = pending.remove(inv);
    if (f != null) {
      f.complete(r);
    }
  }

  @Override
  public CompletableFuture<LockResult> submit(LockCommand command) {
    return submitTracked(command).last();
  }

  /**
   * The two answers of a submitted command.
   *
   * @param first the state machine's immediate result, {@link Status#WAITING} included
   * @param last the final result (for a queued acquire, its grant or cancellation)
   */
  public record Submitted(CompletableFuture<LockResult> first, CompletableFuture<LockResult> last) {}

  /** Like {@link #submit}, but also answers the immediate result (used to serve remote clients). */
  public Submitted submitTracked(LockCommand command) {
    CompletableFuture<LockResult> first = new CompletableFuture<>();
    if (closed) {
      LockException e = new LockException("lock engine is closed");
      first.completeExceptionally(e);
      return new Submitted(first, CompletableFuture.failedFuture(e));
    }
    if (command == null) {
      IllegalArgumentException e = new IllegalArgumentException("null command");
      first.completeExceptionally(e);
      return new Submitted(first, CompletableFuture.failedFuture(e));
    }
    CompletableFuture<LockResult> answer;
    if (command instanceof LockCommand.Acquire a && a.waitIfBusy()) {
      answer = pending.computeIfAbsent(a.invocation(), k -> new CompletableFuture<>());
    } else {
      answer = new CompletableFuture<>();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryForMillis);
    attempt(command, answer, first, deadline, 10);
    return new Submitted(first, answer);
  }

  private void attempt(LockCommand command, CompletableFuture<LockResult> answer, CompletableFuture<LockResult> first,
      long deadline, long pauseMillis) {
    byte[] entry = LockStateMachine.entry(command, clockMillis.getAsLong());
    log.submit(entry).whenComplete((bytes, failure) -> {
      if (failure == null) {
        LockResult r;
        try {
          r = LockCodec.decodeResult(bytes);
        } catch (IllegalArgumentException e) {
          first.completeExceptionally(e);
          fail(command, answer, e);
          return;
        }
        first.complete(r);
        if (r.status() != Status.WAITING) {
          if (command instanceof LockCommand.Acquire a) {
            pending.remove(a.invocation(), answer);
          }
          answer.complete(r);
        }
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (!closed && retryable(cause) && System.nanoTime() < deadline) {
        scheduler.schedule(() -> attempt(command, answer, first, deadline, Math.min(1_000, pauseMillis * 2)),
            pauseMillis, TimeUnit.MILLISECONDS);
      } else {
        LockException e = new LockException("lock command failed: " + cause.getMessage()
            + (retryable(cause) ? "; the outcome is unknown" : ""), cause);
        first.completeExceptionally(e);
        fail(command, answer, e);
      }
    });
  }

  private static boolean retryable(Throwable t) {
    if (!(t instanceof RaftException re)) {
      return false;
    }
    return switch (re.kind()) {
      case NOT_LEADER, DROPPED, INDETERMINATE, TIMEOUT -> true;
      default -> false;
    };
  }

  private void fail(LockCommand command, CompletableFuture<LockResult> answer, Throwable t) {
    if (command instanceof LockCommand.Acquire a) {
      pending.remove(a.invocation(), answer);
    }
    answer.completeExceptionally(t);
  }

  /** Runs a raw {@code LockQueryCodec} query (for remote clients); fails for a malformed query. */
  public CompletableFuture<byte[]> queryBytes(byte[] query) {
    return log.read(query);
  }

  @Override
  public CompletableFuture<Optional<LockView>> view(String resource) {
    return log.read(LockQueryCodec.viewQuery(resource)).thenApply(LockQueryCodec::readView);
  }

  @Override
  public CompletableFuture<List<LockView>> views() {
    return log.read(LockQueryCodec.viewsQuery()).thenApply(LockQueryCodec::readViews);
  }

  @Override
  public CompletableFuture<LockStats> stats() {
    return log.read(LockQueryCodec.statsQuery()).thenApply(LockQueryCodec::readStats);
  }

  @Override
  public Optional<String> leaderId() {
    return log.leaderId();
  }

  @Override
  public void close() {
    closed = true;
    ticker.cancel(false);
    LockException gone = new LockException("lock engine closed while waiting");
    pending.values().forEach(f -> f.completeExceptionally(gone));
    pending.clear();
  }
}
