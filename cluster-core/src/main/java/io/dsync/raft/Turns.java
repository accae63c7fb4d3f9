package io.dsync.raft;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a single-threaded driver as a sequence of <em>turns</em> on an executor it may share with
 * others (a Netty event loop, or a single-thread executor of its own): inputs are posted to an
 * inbox from any thread, and a turn — the driver's {@link Body} — drains them and does its work.
 *
 * <p>Wake-ups: at most one turn is pending at a time (an atomic flag, set by the post that
 * schedules the turn and cleared when the turn ends), so a burst of posts costs one
 * {@code execute} and at most one wake-up of the executor's thread, however many inputs it
 * carries. A post made on the executor's own thread (a message read by the same event loop) only
 * queues a task; the turn runs after the I/O of that cycle, with every input the cycle brought.
 * After a turn, another is scheduled at once when inputs are waiting or the body asks for it,
 * otherwise a timer is armed for the body's next deadline (an earlier timer already armed is
 * kept; it then fires early and the turn re-arms).
 *
 * <p>Turns never overlap: one runs at a time, on the executor, which must run tasks one at a
 * time (a single thread). Thread-safe: {@link #post} and {@link #request} from any thread;
 * {@link #poll} only inside a turn.
 */
final class Turns {
  private static final Logger log = LoggerFactory.getLogger(Turns.class);
  /** What a turn does; runs on the executor, never concurrently with itself. */
  interface Body {
    /**
     * Does one turn.
     *
     * @return milliseconds until the next turn is needed without new input: 0 = at once, a
     *     negative value = only on input
     */
    long turn();
  }

  private final ScheduledExecutorService executor;
  private final Body body;
  private final Runnable onRejected;
  private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final LongAdder executes = new LongAdder();
  private volatile @Nullable Thread current;
  private volatile @Nullable Thread executorThread;
  // executor-confined
  private @Nullable ScheduledFuture<?> timer;
  private long timerAtNanos;

  /**
   * @param executor runs the turns (tasks one at a time)
   * @param body the turn
   * @param onRejected called (on the posting thread) when the executor refuses a turn because it
   *     is shut down
   */
  Turns(ScheduledExecutorService executor, Body body, Runnable onRejected) {
    this.executor = executor;
    this.body = body;
    this.onRejected = onRejected;
  }

  /** Queues {@code input} for the next turn and makes sure one is scheduled. Never blocks. */
  void post(Runnable input) {
    inbox.add(input);
    request();
  }

  /** Schedules a turn unless one is pending already. */
  void request() {
    if (pending.compareAndSet(false, true)) {
      submit();
    }
  }

  private void submit() {
    try {
      executes.increment();
      executor.execute(this::run);
    } catch (RejectedExecutionException e) {
      pending.set(false);
      onRejected.run();
    }
  }

  private void run() {
    Thread me = Thread.currentThread();
    executorThread = me;
    current = me;
    long next;
    try {
      next = body.turn();
    } catch (RuntimeException e) {
      // a bug of the body; never let it end a shared executor's thread (some end on a throw)
      log.error("a turn failed; inputs posted later run in new turns", e);
      next = -1;
    } finally {
      current = null;
      pending.set(false); // even after an Error: a later post can schedule again
    }
    // A post that found the flag set before it was cleared has queued its input without
    // scheduling: look again (the flag is volatile, the queue's add a volatile write).
    if (next == 0 || !inbox.isEmpty()) {
      request();
    } else if (next > 0) {
      arm(next);
    }
  }

  private void arm(long delayMillis) {
    long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
    ScheduledFuture<?> t = timer;
    if (t != null && !t.isDone() && timerAtNanos - at <= 0) {
      return; // fires earlier; the turn it runs re-arms
    }
    if (t != null) {
      t.cancel(false);
    }
    timerAtNanos = at;
    try {
      timer = executor.schedule(this::onTimer, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      timer = null; // shutting down
    }
  }

  private void onTimer() {
    timer = null;
    if (pending.compareAndSet(false, true)) {
      executes.increment();
      run(); // already on the executor: no hand-off
    }
  }

  /** Cancels the timer (inside a turn, when the driver stops). */
  void cancelTimer() {
    ScheduledFuture<?> t = timer;
    timer = null;
    if (t != null) {
      t.cancel(false);
    }
  }

  /** The next input, or null (inside a turn). */
  @Nullable Runnable poll() {
    return inbox.poll();
  }

  /** Whether the calling thread is running a turn now. */
  boolean inTurn() {
    return current == Thread.currentThread();
  }

  /**
   * Whether the calling thread is the executor's (known once a turn ran): waiting there for a
   * turn would deadlock.
   */
  boolean onExecutorThread() {
    return executorThread == Thread.currentThread() || inTurn();
  }

  /** Turns handed to the executor so far (a timer's turn included): each costs at most one wake-up. */
  long executes() {
    return executes.sum();
  }

  /** The thread that ran the last turn, or null before the first. */
  @Nullable Thread executorThread() {
    return executorThread;
  }

  ScheduledExecutorService executor() {
    return executor;
  }
}
