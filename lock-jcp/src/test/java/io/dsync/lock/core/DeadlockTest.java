package io.dsync.lock.core;

import static io.dsync.lock.core.TableFixture.o;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeadlockTest {

  @ParameterizedTest(name = "cycle of {0}")
  @ValueSource(ints = {2, 3, 4, 5})
  void cycle_youngestRequestRefused_cycleNamed(int n) {
    TableFixture f = new TableFixture();
    for (long i = 1; i <= n; i++) {
      f.open(i);
      f.x(i, "r" + i);
    }
    for (long i = 1; i < n; i++) {
      assertThat(f.x(i, "r" + (i + 1)).status()).isEqualTo(Status.WAITING);
    }
    LockResult r = f.x(n, "r1");

    assertThat(r.status()).isEqualTo(Status.DEADLOCK);
    List<WaitEdge> expected = new ArrayList<>();
    expected.add(new WaitEdge(o(n), "r1", o(1)));
    for (long i = 1; i < n; i++) {
      expected.add(new WaitEdge(o(i), "r" + (i + 1), o(i + 1)));
    }
    assertThat(r.cycle()).containsExactlyElementsOf(expected);
    assertThat(r.message()).startsWith("deadlock: " + n + "/1 waits for 'r1' held by 1/1")
        .contains("the newest request (" + n + "/1) is refused");
    assertThat(f.table.stats().deadlocksDetected()).isEqualTo(1);
    assertThat(f.table.stats().deadlockVictims()).isEqualTo(1);
    // The older waits stand; the victim backing off lets them all through.
    assertThat(f.table.stats().waitingRequests()).isEqualTo(n - 1);
    f.releaseX(n, "r" + n);
    assertThat(f.lastEvents).singleElement().extracting(e -> ((LockEvent.Granted) e).owner()).isEqualTo(o(n - 1));
  }

  @Test
  void cycleThroughSharedHolds_detected() {
    TableFixture f = new TableFixture().open(1, 2);
    f.s(1, "a");
    f.s(2, "b");
    assertThat(f.x(1, "b").status()).isEqualTo(Status.WAITING);
    LockResult r = f.x(2, "a");
    assertThat(r.status()).isEqualTo(Status.DEADLOCK);
    assertThat(r.cycle()).containsExactly(new WaitEdge(o(2), "a", o(1)), new WaitEdge(o(1), "b", o(2)));
  }

  @Test
  void cycleThroughQueuedWriterAhead_detected() {
    TableFixture f = new TableFixture().open(1, 2, 3);
    f.s(1, "a");
    f.x(3, "c");
    assertThat(f.x(2, "a").status()).isEqualTo(Status.WAITING); // 2 -> 1
    assertThat(f.x(1, "c").status()).isEqualTo(Status.WAITING); // 1 -> 3
    // A reader of a would be compatible with reader 1 but must queue behind writer 2 (FIFO).
    LockResult r = f.s(3, "a");
    assertThat(r.status()).isEqualTo(Status.DEADLOCK);
    assertThat(r.cycle()).containsExactly(
        new WaitEdge(o(3), "a", o(2)), new WaitEdge(o(2), "a", o(1)), new WaitEdge(o(1), "c", o(3)));
  }

  @Test
  void twoThreadsOfOneSession_canDeadlockEachOther() {
    TableFixture f = new TableFixture().open(1);
    f.acquire(1, 1, "a", LockMode.EXCLUSIVE);
    f.acquire(1, 2, "b", LockMode.EXCLUSIVE);
    f.acquire(1, 1, "b", LockMode.EXCLUSIVE);
    LockResult r = f.acquire(1, 2, "a", LockMode.EXCLUSIVE);
    assertThat(r.status()).isEqualTo(Status.DEADLOCK);
    assertThat(r.cycle()).extracting(WaitEdge::waiter).containsExactly(new Owner(1, 2), new Owner(1, 1));
  }

  @Test
  void longChainWithoutCycle_noFalseDeadlock() {
    int n = 2_000;
    TableFixture f = new TableFixture();
    for (long i = 1; i <= n; i++) {
      f.open(i);
      f.x(i, "r" + i);
    }
    for (long i = 1; i < n; i++) {
      assertThat(f.x(i, "r" + (i + 1)).status()).isEqualTo(Status.WAITING);
    }
    f.open(0);
    assertThat(f.x(0, "r1").status()).isEqualTo(Status.WAITING); // walks the whole chain, finds no cycle
    assertThat(f.x(n, "fresh").status()).isEqualTo(Status.GRANTED);
    assertThat(f.table.stats().deadlocksDetected()).isZero();
    // Unwind from the tail: each release grants exactly the next link.
    for (long i = n; i >= 1; i--) {
      f.releaseX(i, "r" + i);
    }
    assertThat(f.table.stats().waitingRequests()).isZero();
  }

  @Test
  void readersSharingAndOneBlockedElsewhere_noFalseDeadlock() {
    TableFixture f = new TableFixture().open(1, 2, 3);
    f.s(1, "a");
    f.s(2, "a");
    f.x(3, "b");
    assertThat(f.x(2, "b").status()).isEqualTo(Status.WAITING);
    assertThat(f.s(3, "a").status()).isEqualTo(Status.GRANTED);
    assertThat(f.table.stats().deadlocksDetected()).isZero();
  }

  @Test
  void manyWaitersOnOneHolder_diamond_noFalseDeadlock() {
    TableFixture f = new TableFixture().open(1, 2, 3, 4);
    f.x(1, "a");
    f.x(2, "b");
    f.x(3, "c");
    assertThat(f.x(2, "a").status()).isEqualTo(Status.WAITING);
    assertThat(f.x(3, "a").status()).isEqualTo(Status.WAITING);
    assertThat(f.x(4, "b").status()).isEqualTo(Status.WAITING);
    assertThat(f.x(1, "d").status()).isEqualTo(Status.GRANTED);
    assertThat(f.table.stats().deadlocksDetected()).isZero();
  }

  @Test
  void victimCanRetryAfterTheCycleIsGone() {
    TableFixture f = new TableFixture().open(1, 2);
    f.x(1, "a");
    f.x(2, "b");
    f.x(1, "b");
    assertThat(f.x(2, "a").status()).isEqualTo(Status.DEADLOCK);
    f.releaseX(2, "b");
    assertThat(f.x(2, "a").status()).isEqualTo(Status.WAITING);
    assertThat(f.table.stats().deadlocksDetected()).isEqualTo(1);
  }
}
