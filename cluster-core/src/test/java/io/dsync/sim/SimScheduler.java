package io.dsync.sim;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A virtual clock and an event queue, run by one thread. Events run in (time, order scheduled)
 * order, so a run is a pure function of its seed and its inputs: every random choice a simulation
 * makes must come from {@link #random()}.
 *
 * <p>Not thread-safe by design: every call must come from the thread that created the scheduler
 * (checked), so a real thread sneaking into a simulation fails fast instead of making it flaky.
 */
public final class SimScheduler {

  /** A scheduled event; cancel it to stop it from running. */
  public static final class Event {
    private final long time;
    private final long order;
    private final Runnable task;
    private boolean cancelled;

    private Event(long time, long order, Runnable task) {
      this.time = time;
      this.order = order;
      this.task = task;
    }

    /** Stops this event from running (no effect once it ran). */
    public void cancel() {
      cancelled = true;
    }

    /** The virtual time it runs at. */
    public long timeMillis() {
      return time;
    }
  }

  private final long seed;
  private final Random random;
  private final Thread owner = Thread.currentThread();
  private final PriorityQueue<Event> queue =
      new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
  private long now;
  private long nextOrder;
  private long steps;

  public SimScheduler(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** The seed of this run (print it when a simulation fails). */
  public long seed() {
    return seed;
  }

  /** The one source of randomness of the simulation. */
  public Random random() {
    checkThread();
    return random;
  }

  /** Virtual time in milliseconds since the start of the run. */
  public long nowMillis() {
    return now;
  }

  /** Events run so far. */
  public long steps() {
    return steps;
  }

  /** Events waiting (cancelled ones included until their time). */
  public int pendingEvents() {
    return queue.size();
  }

  /** Runs {@code task} after {@code delayMillis} of virtual time (0 = after the events due now). */
  public Event schedule(long delayMillis, Runnable task) {
    checkThread();
    if (delayMillis < 0) {
      throw new IllegalArgumentException("negative delay " + delayMillis);
    }
    Event event = new Event(now + delayMillis, nextOrder++, task);
    queue.add(event);
    return event;
  }

  /** Runs the next event, advancing the clock to it; false when there is none. */
  public boolean step() {
    checkThread();
    while (true) {
      Event event = queue.poll();
      if (event == null) {
        return false;
      }
      if (event.cancelled) {
        continue;
      }
      now = event.time;
      steps++;
      event.task.run();
      return true;
    }
  }

  /** Runs every event due up to {@code timeMillis} and leaves the clock there. */
  public void runUntil(long timeMillis) {
    checkThread();
    while (true) {
      Event next = peekLive();
      if (next == null || next.time > timeMillis) {
        break;
      }
      step();
    }
    now = Math.max(now, timeMillis);
  }

  /** Runs {@code millis} of virtual time. */
  public void runFor(long millis) {
    runUntil(now + millis);
  }

  /**
   * Runs events until {@code condition} holds (checked after every event) or {@code maxMillis}
   * of virtual time pass; returns whether it holds.
   */
  public boolean runUntil(BooleanSupplier condition, long maxMillis) {
    long deadline = now + maxMillis;
    while (!condition.getAsBoolean()) {
      Event next = peekLive();
      if (next == null || next.time > deadline) {
        now = Math.max(now, deadline);
        return condition.getAsBoolean();
      }
      step();
    }
    return true;
  }

  /** Runs until no event is left, at most {@code maxSteps} events; returns the events run. */
  public long runUntilIdle(long maxSteps) {
    long start = steps;
    while (steps - start < maxSteps && step()) {
      // keep going
    }
    if (!queue.isEmpty() && steps - start >= maxSteps) {
      throw new IllegalStateException("still busy after " + maxSteps + " steps (seed " + seed + ")");
    }
    return steps - start;
  }

  private Event peekLive() {
    Event next = queue.peek();
    while (next != null && next.cancelled) {
      queue.poll();
      next = queue.peek();
    }
    return next;
  }

  private void checkThread() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "simulation touched from thread " + Thread.currentThread().getName() + "; it runs on " + owner.getName());
    }
  }
}
