package io.dsync.check;

import java.util.List;
import java.util.Optional;

/**
 * A sequential specification: the single-copy object the history should look like.
 *
 * @param <S> state; must be immutable with value {@code equals}/{@code hashCode} (memoization)
 * @param <I> operation input
 * @param <O> operation output
 */
public interface Model<S, I, O> {

  /** The initial state. */
  S init();

  /**
   * Applies an operation.
   *
   * @param output the observed output, or null when unknown: then any output is acceptable
   * @return the next state, or empty when {@code output} is impossible in {@code state}
   */
  Optional<S> step(S state, I input, O output);

  /**
   * Splits a history into independent parts checked separately (P-compositionality, for
   * example one part per key). The default keeps it whole.
   */
  default List<List<Operation<I, O>>> partition(List<Operation<I, O>> history) {
    return List.of(history);
  }
}
