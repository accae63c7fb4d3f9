package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AppliedSequencesTest {

  @Test
  void inOrderSequences_collapseToOneRange() {
    AppliedSequences a = new AppliedSequences();
    for (long s = 1; s <= 1000; s++) {
      a.add(s);
    }
    assertThat(a.ranges()).containsExactly(Map.entry(1L, 1000L));
  }

  @Test
  void aGap_keepsTwoRanges_untilItIsFilled() {
    AppliedSequences a = new AppliedSequences();
    a.add(1);
    a.add(3);
    a.add(4);
    assertThat(a.contains(2)).isFalse();
    assertThat(a.ranges()).containsExactly(Map.entry(1L, 1L), Map.entry(3L, 4L));
    a.add(2);
    assertThat(a.ranges()).containsExactly(Map.entry(1L, 4L));
  }

  @Test
  void forgetThrough_cutsARangeInTheMiddle() {
    AppliedSequences a = new AppliedSequences();
    for (long s = 1; s <= 10; s++) {
      a.add(s);
    }
    a.add(20);
    a.forgetThrough(5);
    assertThat(a.ranges()).containsExactly(Map.entry(6L, 10L), Map.entry(20L, 20L));
    a.forgetThrough(25);
    assertThat(a.ranges()).isEmpty();
  }

  @Test
  void addRange_refusesOverlapsAndEmptyRanges() {
    AppliedSequences a = new AppliedSequences();
    a.addRange(5, 9);
    assertThatThrownBy(() -> a.addRange(10, 12)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("touches");
    assertThatThrownBy(() -> a.addRange(1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.addRange(3, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    a.addRange(11, 12);
    assertThat(a.ranges()).containsExactly(Map.entry(5L, 9L), Map.entry(11L, 12L));
  }

  @Test
  void randomOrder_matchesASetModel() {
    for (long seed = 1; seed <= 200; seed++) {
      Random rnd = new Random(seed);
      AppliedSequences a = new AppliedSequences();
      TreeSet<Long> model = new TreeSet<>();
      long floor = 0;
      for (int i = 0; i < 300; i++) {
        if (rnd.nextInt(20) == 0) {
          floor += rnd.nextInt(10);
          a.forgetThrough(floor);
          model.headSet(floor, true).clear();
        } else {
          long s = floor + 1 + rnd.nextInt(60);
          a.add(s);
          model.add(s);
        }
      }
      for (long s = 0; s <= floor + 70; s++) {
        assertThat(a.contains(s)).as("seed %d, sequence %d", seed, s).isEqualTo(model.contains(s));
      }
      long prevEnd = Long.MIN_VALUE;
      for (Map.Entry<Long, Long> r : a.ranges().entrySet()) {
        assertThat(r.getKey()).as("seed %d: ranges must not touch", seed).isGreaterThan(prevEnd + 1);
        prevEnd = r.getValue();
      }
    }
  }
}
