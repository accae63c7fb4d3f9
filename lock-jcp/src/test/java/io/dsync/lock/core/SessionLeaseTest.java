package io.dsync.lock.core;

import static io.dsync.lock.core.TableFixture.LEASE;
import static io.dsync.lock.core.TableFixture.o;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionLeaseTest {

  @Test
  void expiredSession_releasesHolds_cancelsWaits_grantsNext() {
    TableFixture f = new TableFixture().open(1, 2, 3);
    f.x(1, "a");
    f.x(3, "b");
    f.x(1, "b"); // session 1 waits for b
    InvocationId waitOfOne = f.lastInvocation;
    f.x(2, "a"); // session 2 waits for a
    f.now += LEASE / 2;
    f.run(new LockCommand.KeepAlive(2));
    f.run(new LockCommand.KeepAlive(3));
    LockResult r = f.tick(LEASE / 2);
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(f.lastEvents).containsExactly(
        new LockEvent.Granted(new InvocationId(2, 1), o(2), "a", LockMode.EXCLUSIVE, 3),
        new LockEvent.Cancelled(waitOfOne, o(1), "b", Status.UNKNOWN_SESSION),
        new LockEvent.SessionEnded(1, true));
    assertThat(f.table.hasSession(1)).isFalse();
    assertThat(f.view("a").holders()).extracting(HolderView::owner).containsExactly(o(2));
    assertThat(f.view("b").waiting()).isEmpty();
  }

  @Test
  void heartbeats_keepSessionAlive() {
    TableFixture f = new TableFixture().open(1);
    f.x(1, "a");
    for (int i = 0; i < 10; i++) {
      f.now += LEASE - 1;
      assertThat(f.run(new LockCommand.KeepAlive(1)).status()).isEqualTo(Status.OK);
    }
    assertThat(f.view("a").holders()).hasSize(1);
  }

  @Test
  void anyCommandOfTheSession_renewsItsLease() {
    TableFixture f = new TableFixture().open(1);
    f.now += LEASE - 1;
    f.x(1, "a");
    f.now += LEASE - 1;
    assertThat(f.releaseX(1, "a").status()).isEqualTo(Status.OK);
  }

  @Test
  void commandAfterLease_findsSessionGone() {
    TableFixture f = new TableFixture().open(1);
    f.x(1, "a");
    f.now += LEASE;
    LockResult r = f.releaseX(1, "a");
    assertThat(r.status()).isEqualTo(Status.UNKNOWN_SESSION);
    assertThat(r.message()).contains("unknown or expired session 1");
    assertThat(f.table.view("a")).isEmpty();
  }

  @Test
  void closeSession_releasesEverything() {
    TableFixture f = new TableFixture().open(1, 2);
    f.s(1, "a");
    f.acquire(1, 7, "b", LockMode.EXCLUSIVE);
    f.x(2, "a");
    assertThat(f.run(new LockCommand.CloseSession(1)).status()).isEqualTo(Status.OK);
    assertThat(f.lastEvents).containsExactly(
        new LockEvent.Granted(new InvocationId(2, 1), o(2), "a", LockMode.EXCLUSIVE, 3),
        new LockEvent.SessionEnded(1, false));
    assertThat(f.table.view("b")).isEmpty();
    assertThat(f.run(new LockCommand.CloseSession(1)).status()).isEqualTo(Status.UNKNOWN_SESSION);
  }

  @Test
  void clockGoingBack_doesNotShortenOrRewindTime() {
    TableFixture f = new TableFixture().open(1);
    f.now += 5_000;
    f.tick(0);
    f.now -= 4_000; // a new leader with a slower clock
    f.tick(0);
    assertThat(f.table.nowMillis()).isEqualTo(6_000);
  }

  @Test
  void reopen_isIdempotentAndChangesLease() {
    TableFixture f = new TableFixture().open(1);
    f.x(1, "a");
    assertThat(f.run(new LockCommand.OpenSession(1, 50_000)).status()).isEqualTo(Status.OK);
    f.now += 40_000;
    assertThat(f.view("a").holders()).hasSize(1);
    f.tick(0);
    assertThat(f.table.hasSession(1)).isTrue();
  }
}
