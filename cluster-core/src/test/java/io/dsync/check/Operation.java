package io.dsync.check;

/**
 * One client operation in a history.
 *
 * @param client who issued it (for messages only)
 * @param input what was asked
 * @param output what was answered, or null when the outcome is unknown (timed out, crashed)
 * @param callMillis when it was invoked
 * @param returnMillis when the answer arrived; {@link Long#MAX_VALUE} when it never did
 * @param <I> input type
 * @param <O> output type
 */
public record Operation<I, O>(int client, I input, O output, long callMillis, long returnMillis) {

  /** Validates the times. */
  public Operation {
    if (returnMillis < callMillis) {
      throw new IllegalArgumentException("returns before it is called: " + callMillis + " > " + returnMillis);
    }
  }

  /** An operation whose outcome is unknown: it may have taken effect at any time after its call. */
  public static <I, O> Operation<I, O> pending(int client, I input, long callMillis) {
    return new Operation<>(client, input, null, callMillis, Long.MAX_VALUE);
  }

  /** Whether the outcome is known. */
  public boolean completed() {
    return returnMillis != Long.MAX_VALUE;
  }
}
