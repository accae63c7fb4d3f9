package io.dsync.lock.core;

import static io.dsync.lock.core.LockMode.EXCLUSIVE;
import static io.dsync.lock.core.LockMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReentrancyTest {

  @Test
  void sameThread_reacquires_countsHoldsAndKeepsFence() {
    TableFixture f = new TableFixture().open(1, 2);
    long fence = f.x(1, "r").fence();
    assertThat(f.x(1, "r").fence()).isEqualTo(fence);
    assertThat(f.x(1, "r").fence()).isEqualTo(fence);
    assertThat(f.view("r").holders().get(0).exclusiveCount()).isEqualTo(3);
    f.x(2, "r");
    f.releaseX(1, "r");
    f.releaseX(1, "r");
    assertThat(f.lastEvents).isEmpty();
    assertThat(f.view("r").holders().get(0).exclusiveCount()).isEqualTo(1);
    f.releaseX(1, "r");
    assertThat(f.lastEvents).hasSize(1);
  }

  @Test
  void reentrantShared_bypassesQueuedWriter() {
    TableFixture f = new TableFixture().open(1, 2);
    f.s(1, "r");
    assertThat(f.x(2, "r").status()).isEqualTo(Status.WAITING);
    // A reader that already holds must get in again, or it would wait for a writer waiting on it.
    assertThat(f.s(1, "r").status()).isEqualTo(Status.GRANTED);
  }

  @Test
  void reentrancy_isPerThread_notPerSession() {
    TableFixture f = new TableFixture().open(1);
    f.acquire(1, 1, "r", EXCLUSIVE);
    assertThat(f.tryAcquire(1, 2, "r", EXCLUSIVE).status()).isEqualTo(Status.NOT_GRANTED);
    assertThat(f.release(1, 2, "r", EXCLUSIVE).status()).isEqualTo(Status.NOT_HOLDER);
  }

  @Test
  void releasingMoreThanHeld_refusedAfterLastHold() {
    TableFixture f = new TableFixture().open(1);
    f.s(1, "r");
    assertThat(f.releaseS(1, "r").status()).isEqualTo(Status.OK);
    assertThat(f.releaseS(1, "r").status()).isEqualTo(Status.NOT_HOLDER);
  }

  @Test
  void releaseInWrongMode_refused() {
    TableFixture f = new TableFixture().open(1);
    f.acquire(1, 1, "r", SHARED);
    LockResult r = f.release(1, 1, "r", EXCLUSIVE);
    assertThat(r.status()).isEqualTo(Status.NOT_HOLDER);
    assertThat(r.message()).contains("exclusive");
    assertThat(f.view("r").holders().get(0).sharedCount()).isEqualTo(1);
  }
}
