package io.dsync.lock.core;

import static io.dsync.lock.core.LockMode.EXCLUSIVE;
import static io.dsync.lock.core.LockMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityMatrixTest {

  @ParameterizedTest(name = "held {0}, other owner asks {1} -> {2}")
  @CsvSource({
    "SHARED, SHARED, GRANTED",
    "SHARED, EXCLUSIVE, NOT_GRANTED",
    "EXCLUSIVE, SHARED, NOT_GRANTED",
    "EXCLUSIVE, EXCLUSIVE, NOT_GRANTED",
  })
  void tryAcquire_otherOwner_followsMatrix(LockMode held, LockMode asked, Status expected) {
    TableFixture f = new TableFixture().open(1, 2);
    assertThat(f.acquire(1, 1, "r", held).status()).isEqualTo(Status.GRANTED);
    assertThat(f.tryAcquire(2, 1, "r", asked).status()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "held {0}, other thread of the same session asks {1} -> {2}")
  @CsvSource({
    "SHARED, SHARED, GRANTED",
    "SHARED, EXCLUSIVE, NOT_GRANTED",
    "EXCLUSIVE, SHARED, NOT_GRANTED",
    "EXCLUSIVE, EXCLUSIVE, NOT_GRANTED",
  })
  void tryAcquire_otherThreadSameSession_isAnotherOwner(LockMode held, LockMode asked, Status expected) {
    TableFixture f = new TableFixture().open(1);
    assertThat(f.acquire(1, 1, "r", held).status()).isEqualTo(Status.GRANTED);
    assertThat(f.tryAcquire(1, 2, "r", asked).status()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "owner holding {0} asks {1} -> {2}")
  @CsvSource({
    "SHARED, SHARED, GRANTED",
    "SHARED, EXCLUSIVE, UPGRADE_REFUSED",
    "EXCLUSIVE, SHARED, GRANTED",
    "EXCLUSIVE, EXCLUSIVE, GRANTED",
  })
  void acquire_sameOwner_reentersOrRefusesUpgrade(LockMode held, LockMode asked, Status expected) {
    TableFixture f = new TableFixture().open(1);
    long fence = f.acquire(1, 1, "r", held).fence();
    LockResult r = f.acquire(1, 1, "r", asked);
    assertThat(r.status()).isEqualTo(expected);
    if (expected == Status.GRANTED) {
      assertThat(r.fence()).isEqualTo(fence);
    } else {
      assertThat(r.message()).contains("upgrad");
    }
  }

  @Test
  void view_reportsModeHoldersAndCounts() {
    TableFixture f = new TableFixture().open(1, 2);
    f.s(1, "r");
    f.s(2, "r");
    f.s(2, "r");
    LockView v = f.view("r");
    assertThat(v.mode()).contains(SHARED);
    assertThat(v.holders()).extracting(HolderView::owner).containsExactly(TableFixture.o(1), TableFixture.o(2));
    assertThat(v.holders().get(1).sharedCount()).isEqualTo(2);
    f.releaseS(1, "r");
    f.releaseS(2, "r");
    f.releaseS(2, "r");
    assertThat(f.table.view("r")).isEmpty();
    f.x(1, "r");
    assertThat(f.view("r").mode()).contains(EXCLUSIVE);
  }

  @Test
  void exclusiveHolderTakingShared_thenReleasingExclusive_downgradesAndLetsReadersIn() {
    TableFixture f = new TableFixture().open(1, 2);
    f.x(1, "r");
    f.s(1, "r");
    assertThat(f.s(2, "r").status()).isEqualTo(Status.WAITING);
    f.releaseX(1, "r");
    assertThat(f.lastEvents).containsExactly(new LockEvent.Granted(new InvocationId(2, 1), TableFixture.o(2), "r", SHARED, 2));
    assertThat(f.view("r").mode()).contains(SHARED);
    assertThat(f.view("r").holders()).hasSize(2);
  }
}
