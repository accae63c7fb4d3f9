package io.dsync.lock;

import io.dsync.lock.core.Applied;
import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockEvent;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockStats;
import io.dsync.lock.core.LockTable;
import io.dsync.lock.core.LockView;
import io.dsync.lock.core.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link LockEngine} that runs the lock state machine in this JVM on one driver thread: no
 * replication, no network. Good for embedded use and tests; a cluster uses the Raft engine.
 *
 * <p>The driver thread applies commands in submission order, stamping each with the clock's time,
 * and sends a tick every {@code tickMillis} so that sessions expire without other traffic. It
 * delivers grants and cancellations of queued requests by completing their futures (on the driver
 * thread, so callbacks must not block).
 *
 * <p>The table lives in this JVM's memory only: a new engine starts with no locks and fences
 * from 1. Where fences must keep growing across restarts, run the lock service on a node (its
 * table is in the Raft log and snapshots).
 *
 * <p>Thread-safe. {@link #submit} never blocks. {@link #close} waits briefly for the driver.
 */
public final class LocalLockEngine implements LockEngine {
  /** Default interval of expiry ticks. */
  public static final long DEFAULT_TICK_MILLIS = 100;

  private final LockTable table = new LockTable();
  private final LongSupplier clockMillis;
  private final ScheduledExecutorService driver;
  /** Queued acquires by invocation; touched only on the driver thread. */
  private final Map<InvocationId, CompletableFuture<LockResult>> pending = new HashMap<>();
  private volatile boolean closed;

  /** An engine on the system clock with the default tick. */
  public LocalLockEngine() {
    this(System::currentTimeMillis, DEFAULT_TICK_MILLIS);
  }

  /**
   * An engine on the given clock.
   *
   * @param clockMillis the time stamped on each command (milliseconds, any epoch)
   * @param tickMillis how often to let sessions expire without other traffic
   */
  public LocalLockEngine(LongSupplier clockMillis, long tickMillis) {
    if (tickMillis <= 0) {
      throw new IllegalArgumentException("tickMillis must be positive, was " + tickMillis);
    }
    this.clockMillis = clockMillis;
    this.driver = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dsync-lock-engine");
      t.setDaemon(true);
      return t;
    });
    driver.scheduleWithFixedDelay(() -> apply(new LockCommand.Tick(), null), tickMillis, tickMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<LockResult> submit(LockCommand command) {
    CompletableFuture<LockResult> f = new CompletableFuture<>();
    if (command == null) {
      f.completeExceptionally(new IllegalArgumentException("null command"));
      return f;
    }
    run(() -> apply(command, f), f);
    return f;
  }

  private void apply(LockCommand command, CompletableFuture<LockResult> f) {
    Applied a;
    try {
      a = table.apply(command, clockMillis.getAsLong());
    } catch (RuntimeException e) {
      if (f != null) {
        f.completeExceptionally(e);
      }
      return;
    }
    for (LockEvent e : a.events()) {
      deliver(e);
    }
    if (f == null) {
      return;
    }
    if (command instanceof LockCommand.Acquire acq && a.result().status() == Status.WAITING) {
      if (closed) {
        f.completeExceptionally(new LockException("lock engine closed while waiting"));
        return;
      }
      CompletableFuture<LockResult> earlier = pending.putIfAbsent(acq.invocation(), f);
      if (earlier != null) { // a retry of a queued request: answer both when it ends
        earlier.whenComplete((r, t) -> {
          if (t != null) {
            f.completeExceptionally(t);
          } else {
            f.complete(r);
          }
        });
      }
    } else {
      f.complete(a.result());
    }
  }

  private void deliver(LockEvent e) {
    if (e instanceof LockEvent.Granted g) {
      complete(g.invocation(), LockResult.granted(g.fence()));
    } else if (e instanceof LockEvent.Cancelled c) {
      complete(c.invocation(), c.reason() == Status.CANCELLED
          ? LockResult.cancelled(0, "cancelled")
          : LockResult.error(c.reason(), "session " + c.owner().sessionId() + " ended while waiting for '"
              + c.resource() + "'"));
    }
  }

  private void complete(InvocationId invocation, LockResult result) {
    CompletableFuture<LockResult> f = pending.remove(invocation);
    if (f != null) {
      f.complete(result);
    }
  }

  @Override
  public CompletableFuture<Optional<LockView>> view(String resource) {
    return read(() -> table.view(resource));
  }

  @Override
  public CompletableFuture<List<LockView>> views() {
    return read(table::views);
  }

  @Override
  public CompletableFuture<LockStats> stats() {
    return read(table::stats);
  }

  private <T> CompletableFuture<T> read(Supplier<T> reader) {
    CompletableFuture<T> f = new CompletableFuture<>();
    run(() -> {
      try {
        f.complete(reader.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    }, f);
    return f;
  }

  private void run(Runnable task, CompletableFuture<?> f) {
    if (closed) {
      f.completeExceptionally(new LockException("lock engine is closed"));
      return;
    }
    try {
      driver.execute(task);
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new LockException("lock engine is closed", e));
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.submit(() -> {
        for (CompletableFuture<LockResult> f : pending.values()) {
          f.completeExceptionally(new LockException("lock engine closed while waiting"));
        }
        pending.clear();
      });
    } catch (RejectedExecutionException ignored) {
      // already shut down
    }
    driver.shutdown();
    try {
      if (!driver.awaitTermination(5, TimeUnit.SECONDS)) {
        driver.shutdownNow();
      }
    } catch (InterruptedException e) {
      driver.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
