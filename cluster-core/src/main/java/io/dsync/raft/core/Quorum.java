package io.dsync.raft.core;

import java.util.Arrays;
import java.util.function.ToLongFunction;

/** Majority arithmetic over a configuration's voters. Pure. */
final class Quorum {
  private Quorum() {}

  /**
   * The largest value that at least a majority of voters have reached: for match indexes, the
   * highest index stored on a majority (§5.3); for heartbeat contexts, the newest round a
   * majority acknowledged. 0 for an empty configuration.
   */
  static long majorityValue(Membership m, ToLongFunction<String> valueOf) {
    if (m.voters().isEmpty()) {
      return 0;
    }
    long[] values = new long[m.voters().size()];
    int i = 0;
    for (String v : m.voters()) {
      values[i++] = valueOf.applyAsLong(v);
    }
    Arrays.sort(values);
    return values[values.length - m.quorum()];
  }
}
