package io.dsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {

  @Test
  void events_runInTimeThenScheduleOrder_clockJumps() {
    SimScheduler s = new SimScheduler(1);
    List<String> order = new ArrayList<>();
    s.schedule(10, () -> order.add("b@" + s.nowMillis()));
    s.schedule(5, () -> order.add("a@" + s.nowMillis()));
    s.schedule(10, () -> order.add("c@" + s.nowMillis()));
    s.runUntilIdle(100);
    assertThat(order).containsExactly("a@5", "b@10", "c@10");
    assertThat(s.nowMillis()).isEqualTo(10);
    assertThat(s.steps()).isEqualTo(3);
  }

  @Test
  void cancel_preventsRun_runUntilLeavesClockAtTarget() {
    SimScheduler s = new SimScheduler(1);
    List<String> order = new ArrayList<>();
    SimScheduler.Event e = s.schedule(5, () -> order.add("x"));
    s.schedule(50, () -> order.add("late"));
    e.cancel();
    s.runUntil(20);
    assertThat(order).isEmpty();
    assertThat(s.nowMillis()).isEqualTo(20);
    assertThat(s.runUntil(() -> !order.isEmpty(), 100)).isTrue();
    assertThat(s.nowMillis()).isEqualTo(50);
  }

  @Test
  void runUntilIdle_endlessTimer_failsWithSeed() {
    SimScheduler s = new SimScheduler(99);
    Runnable[] tick = new Runnable[1];
    tick[0] = () -> s.schedule(1, tick[0]);
    s.schedule(1, tick[0]);
    assertThatThrownBy(() -> s.runUntilIdle(1000)).hasMessageContaining("seed 99");
  }

  @Test
  void otherThread_rejected() {
    SimScheduler s = new SimScheduler(1);
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> s.schedule(1, () -> {}));
    assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void negativeDelay_rejected() {
    assertThatThrownBy(() -> new SimScheduler(1).schedule(-1, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
