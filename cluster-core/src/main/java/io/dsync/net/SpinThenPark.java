package io.dsync.net;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a future the way a synchronous caller of {@link Transport#request} may want to: a short,
 * bounded busy-wait first, then an ordinary blocking {@link CompletableFuture#get()}. A loopback or
 * LAN round trip often completes within tens of microseconds; spinning for that long saves the
 * wake-up of a parked thread. The spin occupies a core: use it only where a core can be spared (it
 * competes with the transport's own event loops on a machine with few cores), and keep it long
 * enough to cover a typical round trip (a spin that mostly expires only adds its cost). Like
 * {@code get()}, never call it from a transport callback or an event-loop thread: the answer it
 * waits for would be delivered by that thread. Stateless; thread-safe.
 */
public final class SpinThenPark {
  /** Upper bound for {@code spinNanos}: longer spins are never worth their core. */
  public static final long MAX_SPIN_NANOS = 1_000_000;

  private SpinThenPark() {}

  /**
   * Returns {@code future}'s value, busy-waiting up to {@code spinNanos} (capped at {@link
   * #MAX_SPIN_NANOS}; 0 means no spin) before parking in {@code future.get()}.
   *
   * @throws ExecutionException if the future failed (as {@link CompletableFuture#get()})
   * @throws InterruptedException if interrupted while parked
   * @throws IllegalArgumentException if {@code spinNanos} is negative
   */
  public static <T> T get(CompletableFuture<T> future, long spinNanos)
      throws ExecutionException, InterruptedException {
    Objects.requireNonNull(future, "future");
    if (spinNanos < 0) {
      throw new IllegalArgumentException("spinNanos must be >= 0, got " + spinNanos);
    }
    if (spinNanos > 0 && !future.isDone()) {
      long deadline = System.nanoTime() + Math.min(spinNanos, MAX_SPIN_NANOS);
      int checks = 0;
      while (!future.isDone()) {
        Thread.onSpinWait();
        if ((++checks & 63) == 0 && System.nanoTime() - deadline >= 0) {
          break;
        }
      }
    }
    return future.get();
  }
}
