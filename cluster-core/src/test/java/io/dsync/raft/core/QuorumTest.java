package io.dsync.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Majority arithmetic against a naive model. */
class QuorumTest {

  @Test
  void majorityValue_matchesNaiveModel() {
    Random rnd = new Random(7);
    for (int round = 0; round < 2000; round++) {
      int n = 1 + rnd.nextInt(7);
      TreeSet<String> ids = new TreeSet<>();
      Map<String, Long> values = new HashMap<>();
      for (int i = 0; i < n; i++) {
        ids.add("n" + i);
        values.put("n" + i, (long) rnd.nextInt(20));
      }
      Membership m = new Membership(ids);
      long got = Quorum.majorityValue(m, values::get);
      // naive: the largest v such that at least a majority hold a value >= v
      long best = 0;
      for (long v = 0; v <= 20; v++) {
        long vv = v;
        long holders = values.values().stream().filter(x -> x >= vv).count();
        if (holders >= n / 2 + 1) {
          best = v;
        }
      }
      assertThat(got).as("values %s", values).isEqualTo(best);
    }
  }

  @Test
  void emptyConfiguration_zero() {
    assertThat(Quorum.majorityValue(Membership.EMPTY, v -> 99)).isZero();
  }
}
