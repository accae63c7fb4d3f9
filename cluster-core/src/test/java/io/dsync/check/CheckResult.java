package io.dsync.check;

/**
 * The verdict on a history.
 *
 * @param verdict linearizable, not, or unknown (search budget exhausted)
 * @param detail a human-readable explanation (the failing part for a violation)
 */
public record CheckResult(Verdict verdict, String detail) {
  /** Verdicts. */
  public enum Verdict {
    /** Some order of the operations respects real time and the model. */
    LINEARIZABLE,
    /** No such order exists. */
    NOT_LINEARIZABLE,
    /** The search budget ran out before a verdict. */
    UNKNOWN
  }

  /** Whether the history is linearizable. */
  public boolean ok() {
    return verdict == Verdict.LINEARIZABLE;
  }
}
