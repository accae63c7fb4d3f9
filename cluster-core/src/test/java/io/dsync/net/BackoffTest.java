package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofMillis(1000));

  @Test
  void delay_doublesWithJitterInUpperHalf_andIsCapped() {
    Random random = new Random(3);
    for (int attempt = 0; attempt < 40; attempt++) {
      long full = Math.min(1000, 20L << Math.min(attempt, 30));
      for (int i = 0; i < 50; i++) {
        assertThat(backoff.delayMillis(attempt, random)).isBetween(full / 2, full);
      }
    }
  }

  @Test
  void delay_isJittered() {
    Random random = new Random(4);
    long first = backoff.delayMillis(5, random);
    boolean differs = false;
    for (int i = 0; i < 20 && !differs; i++) {
      differs = backoff.delayMillis(5, random) != first;
    }
    assertThat(differs).isTrue();
  }

  @Test
  void badBounds_rejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below min");
  }
}
