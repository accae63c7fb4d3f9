package io.dsync.sim;

/**
 * How a simulated link (one direction between two nodes) treats messages. Probabilities are in
 * [0, 1]; the delay is drawn uniformly from {@code [minDelayMillis, maxDelayMillis]}. Without
 * reordering a link is FIFO even when delays vary; a reordered message ignores the FIFO rule.
 *
 * @param dropRate chance a message is lost
 * @param duplicateRate chance a message is delivered twice
 * @param reorderRate chance a message may overtake earlier ones
 * @param minDelayMillis smallest delivery delay
 * @param maxDelayMillis largest delivery delay
 */
public record LinkConfig(
    double dropRate, double duplicateRate, double reorderRate, long minDelayMillis, long maxDelayMillis) {

  /** No loss, 1–3 ms, FIFO. */
  public static final LinkConfig RELIABLE = new LinkConfig(0, 0, 0, 1, 3);

  public LinkConfig {
    check("dropRate", dropRate);
    check("duplicateRate", duplicateRate);
    check("reorderRate", reorderRate);
    if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
      throw new IllegalArgumentException("bad delay range " + minDelayMillis + ".." + maxDelayMillis);
    }
  }

  private static void check(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
    }
  }

  /** A reliable link with this delay range. */
  public static LinkConfig delay(long minMillis, long maxMillis) {
    return new LinkConfig(0, 0, 0, minMillis, maxMillis);
  }

  public LinkConfig withDrop(double rate) {
    return new LinkConfig(rate, duplicateRate, reorderRate, minDelayMillis, maxDelayMillis);
  }

  public LinkConfig withDuplicate(double rate) {
    return new LinkConfig(dropRate, rate, reorderRate, minDelayMillis, maxDelayMillis);
  }

  public LinkConfig withReorder(double rate) {
    return new LinkConfig(dropRate, duplicateRate, rate, minDelayMillis, maxDelayMillis);
  }
}
