package io.dsync.net;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: attempt {@code n} (from 0) waits a uniformly random time in
 * {@code [d/2, d]} where {@code d = min(max, min * 2^n)}. Pure: randomness comes from the
 * {@link Random} passed in. Immutable and thread-safe (the Random is the caller's concern).
 *
 * @param min the delay before the first retry
 * @param max the cap
 */
public record Backoff(Duration min, Duration max) {

  public Backoff {
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("backoff min must be positive: " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff max " + max + " is below min " + min);
    }
  }

  /** The delay in milliseconds before retry number {@code attempt} (0-based). */
  public long delayMillis(int attempt, Random random) {
    long minMillis = Math.max(1, min.toMillis());
    long maxMillis = Math.max(minMillis, max.toMillis());
    int shift = Math.min(Math.max(0, attempt), 30);
    long full = Math.min(maxMillis, minMillis << shift);
    if (full <= 0) {
      full = maxMillis;
    }
    long half = full / 2;
    return half + (long) (random.nextDouble() * (full - half + 1));
  }
}
