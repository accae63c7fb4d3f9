package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvocationTest {

  private static LockCommand.Acquire acquire(long session, long seq, String res, boolean wait) {
    return new LockCommand.Acquire(new InvocationId(session, seq), 1, res, LockMode.EXCLUSIVE, wait);
  }

  @Test
  void retriedAcquire_appliesOnce() {
    TableFixture f = new TableFixture().open(1);
    LockResult first = f.run(acquire(1, 1, "a", true));
    LockResult retry = f.run(acquire(1, 1, "a", true));
    assertThat(retry).isEqualTo(first);
    assertThat(f.view("a").holders().get(0).exclusiveCount()).isEqualTo(1);
    assertThat(f.table.stats().lastFence()).isEqualTo(1);
  }

  @Test
  void retriedRelease_appliesOnce() {
    TableFixture f = new TableFixture().open(1);
    f.run(acquire(1, 1, "a", true));
    f.run(acquire(1, 2, "a", true));
    LockCommand.Release rel = new LockCommand.Release(new InvocationId(1, 3), 1, "a", LockMode.EXCLUSIVE);
    assertThat(f.run(rel).status()).isEqualTo(Status.OK);
    assertThat(f.run(rel).status()).isEqualTo(Status.OK);
    assertThat(f.view("a").holders().get(0).exclusiveCount()).isEqualTo(1);
  }

  @Test
  void retriedQueuedAcquire_reportsItsLaterGrant() {
    TableFixture f = new TableFixture().open(1, 2);
    f.run(acquire(1, 1, "a", true));
    assertThat(f.run(acquire(2, 1, "a", true)).status()).isEqualTo(Status.WAITING);
    assertThat(f.run(acquire(2, 1, "a", true)).status()).isEqualTo(Status.WAITING);
    assertThat(f.table.stats().waitingRequests()).isEqualTo(1);
    f.run(new LockCommand.Release(new InvocationId(1, 50), 1, "a", LockMode.EXCLUSIVE));
    LockResult retry = f.run(acquire(2, 1, "a", true));
    assertThat(retry.status()).isEqualTo(Status.GRANTED);
    assertThat(retry.fence()).isEqualTo(2);
    assertThat(f.lastEvents).isEmpty();
  }

  @Test
  void retriedRefusal_returnsTheSameRefusal() {
    TableFixture f = new TableFixture().open(1);
    LockCommand.Release rel = new LockCommand.Release(new InvocationId(1, 1), 1, "a", LockMode.EXCLUSIVE);
    assertThat(f.run(rel).status()).isEqualTo(Status.NOT_HOLDER);
    f.run(acquire(1, 2, "a", true));
    assertThat(f.run(rel).status()).isEqualTo(Status.NOT_HOLDER); // stored, not re-applied
    assertThat(f.view("a").holders()).hasSize(1);
  }

  @Test
  void cancelAfterGrant_reportsTheGrant() {
    TableFixture f = new TableFixture().open(1, 2);
    f.run(acquire(1, 1, "a", true));
    f.run(acquire(2, 1, "a", true));
    f.run(new LockCommand.Release(new InvocationId(1, 50), 1, "a", LockMode.EXCLUSIVE));
    LockResult r = f.cancel(new InvocationId(2, 1));
    assertThat(r.status()).isEqualTo(Status.GRANTED);
    assertThat(r.fence()).isEqualTo(2);
    assertThat(f.view("a").holders()).extracting(HolderView::owner).containsExactly(new Owner(2, 1));
  }

  @Test
  void cancelBeforeTheAcquireArrives_refusesTheAcquire() {
    TableFixture f = new TableFixture().open(1, 2);
    f.run(acquire(1, 1, "a", true));
    assertThat(f.cancel(new InvocationId(2, 5)).status()).isEqualTo(Status.CANCELLED);
    LockResult late = f.run(acquire(2, 5, "a", true));
    assertThat(late.status()).isEqualTo(Status.CANCELLED);
    assertThat(f.table.stats().waitingRequests()).isZero();
  }

  @Test
  void cancelTwice_sameOutcome() {
    TableFixture f = new TableFixture().open(1, 2);
    f.run(acquire(1, 1, "a", true));
    f.run(acquire(2, 1, "a", true));
    LockResult first = f.cancel(new InvocationId(2, 1));
    assertThat(first.queuePosition()).isEqualTo(1);
    assertThat(f.cancel(new InvocationId(2, 1))).isEqualTo(first);
    assertThat(f.run(acquire(2, 1, "a", true))).isEqualTo(first);
  }

  @Test
  void acknowledgedResults_areForgotten_andTheirRetriesRefused() {
    TableFixture f = new TableFixture().open(1, 2);
    f.run(acquire(1, 1, "a", true));
    f.run(acquire(1, 2, "b", true));
    f.run(acquire(2, 1, "b", true)); // session 2 waits
    f.run(acquire(1, 3, "c", true));
    f.run(new LockCommand.KeepAlive(1, 2));
    assertThat(f.run(acquire(1, 1, "a", true)).status()).isEqualTo(Status.STALE_INVOCATION);
    assertThat(f.run(acquire(1, 3, "c", true)).status()).isEqualTo(Status.GRANTED); // kept
    assertThat(f.view("a").holders().get(0).exclusiveCount()).isEqualTo(1);
    f.run(new LockCommand.KeepAlive(1, 1)); // an older promise changes nothing
    assertThat(f.run(acquire(1, 3, "c", true)).status()).isEqualTo(Status.GRANTED);
    f.run(new LockCommand.KeepAlive(2, 1)); // its waiting acquire can still be cancelled
    assertThat(f.cancel(new InvocationId(2, 1)).status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void invocationOlderThanKeptResults_refusedAsStale() {
    TableFixture f = new TableFixture(new LockTable(2)).open(1);
    f.run(acquire(1, 1, "a", true));
    f.run(acquire(1, 2, "b", true));
    f.run(acquire(1, 3, "c", true));
    LockResult r = f.run(acquire(1, 1, "a", true));
    assertThat(r.status()).isEqualTo(Status.STALE_INVOCATION);
    assertThat(f.view("a").holders().get(0).exclusiveCount()).isEqualTo(1);
  }

  @Test
  void queuedAcquire_keptBeyondTheCapacity_soItsResendsFindItUntilItEnds() {
    TableFixture f = new TableFixture(new LockTable(2)).open(1, 2);
    f.run(acquire(2, 1, "a", true));
    LockCommand.Acquire queued = new LockCommand.Acquire(new InvocationId(1, 1), 7, "a", LockMode.EXCLUSIVE, true);
    assertThat(f.run(queued).status()).isEqualTo(Status.WAITING);
    for (long seq = 2; seq <= 10; seq++) { // the session's other threads keep working meanwhile
      f.run(new LockCommand.Acquire(new InvocationId(1, seq), 1, "r" + seq, LockMode.EXCLUSIVE, true));
    }
    assertThat(f.run(acquire(1, 2, "r2", true)).status()).isEqualTo(Status.STALE_INVOCATION); // others still dropped
    assertThat(f.run(queued).status()).isEqualTo(Status.WAITING); // the client's periodic re-send
    f.run(new LockCommand.Release(new InvocationId(2, 2), 1, "a", LockMode.EXCLUSIVE));
    LockResult granted = f.run(queued);
    assertThat(granted.status()).isEqualTo(Status.GRANTED);
    assertThat(f.view("a").holders()).extracting(h -> h.owner()).containsExactly(new Owner(1, 7));
    for (long seq = 11; seq <= 14; seq++) { // once granted, it is an ordinary result again
      f.run(new LockCommand.Acquire(new InvocationId(1, seq), 1, "r" + seq, LockMode.EXCLUSIVE, true));
    }
    assertThat(f.run(queued).status()).isEqualTo(Status.STALE_INVOCATION);
    assertThat(f.view("a").holders().get(0).exclusiveCount()).isEqualTo(1);
  }

  @Test
  void invocationAppliedForTheFirstTime_afterManyNewerOnes_runsRatherThanBeingRefused() {
    TableFixture f = new TableFixture(new LockTable(2)).open(1);
    // Sequence 1 is still on its way (a slow thread) while 300 newer commands of the session run.
    for (long seq = 2; seq <= 301; seq++) {
      assertThat(f.run(acquire(1, seq, "r" + seq, true)).status()).isEqualTo(Status.GRANTED);
    }
    assertThat(f.run(acquire(1, 1, "late", true))).extracting(LockResult::status).isEqualTo(Status.GRANTED);
    assertThat(f.view("late").holders()).hasSize(1);
    // Its retry finds the stored result; an applied one whose result was dropped is refused, not re-run.
    assertThat(f.run(acquire(1, 1, "late", true)).status()).isEqualTo(Status.GRANTED);
    assertThat(f.run(acquire(1, 5, "r5", true)).status()).isEqualTo(Status.STALE_INVOCATION);
    assertThat(f.view("r5").holders().get(0).exclusiveCount()).isEqualTo(1);
  }

  @Test
  void retriedRelease_afterAThousandNewerCommandsOfItsSession_getsItsResult_notStale() {
    // the default table: a busy session (several threads) may apply hundreds of commands while
    // one release's answer is lost and re-sent; 256 kept results made that retry STALE
    TableFixture f = new TableFixture(new LockTable()).open(1);
    assertThat(f.run(acquire(1, 1, "a", true)).status()).isEqualTo(Status.GRANTED);
    LockCommand.Release release = new LockCommand.Release(new InvocationId(1, 2), 1, "a", LockMode.EXCLUSIVE);
    assertThat(f.run(release).status()).isEqualTo(Status.OK); // its answer is lost
    for (long seq = 3; seq <= 1_002; seq++) { // the session's other threads go on
      assertThat(f.run(acquire(1, seq, "r" + (seq % 5) + "-" + seq, true)).status()).isEqualTo(Status.GRANTED);
    }
    assertThat(f.run(release).status()).isEqualTo(Status.OK); // the re-send: same answer, not applied again
    assertThat(f.table.view("a")).isEmpty();
  }

  @Test
  void cancelOfAnAcquireNotYetArrived_afterManyNewerOnes_stillTombstonesIt() {
    TableFixture f = new TableFixture(new LockTable(2)).open(1);
    for (long seq = 2; seq <= 40; seq++) {
      f.run(acquire(1, seq, "r" + seq, true));
    }
    assertThat(f.cancel(new InvocationId(1, 1)).status()).isEqualTo(Status.CANCELLED);
    assertThat(f.run(acquire(1, 1, "late", true)).status()).isEqualTo(Status.CANCELLED);
    assertThat(f.table.view("late")).isEmpty();
  }

  @Test
  void appliedSequences_surviveASnapshot() {
    TableFixture f = new TableFixture(new LockTable(2)).open(1);
    for (long seq = 2; seq <= 20; seq++) {
      f.run(acquire(1, seq, "r" + seq, true));
    }
    LockTable restored = new LockTable(2);
    restored.restore(f.table.snapshot());
    TableFixture g = new TableFixture(restored);
    assertThat(g.run(acquire(1, 1, "late", true)).status()).isEqualTo(Status.GRANTED);
    assertThat(g.run(acquire(1, 3, "r3", true)).status()).isEqualTo(Status.STALE_INVOCATION);
  }

  @Test
  void sparseSequences_likeARestSession_keepMemoryBounded_andStayExactForRecentOnes() {
    LockTable table = new LockTable(4); // at most 16 separate applied ranges per session
    TableFixture f = new TableFixture(table).open(1);
    for (long i = 1; i <= 1_000; i++) { // clock-based sequences: a gap of 256 between any two
      LockResult r = f.run(new LockCommand.Acquire(new InvocationId(1, i * 256), 0, "r" + (i % 3), LockMode.SHARED, false));
      assertThat(r.status()).isEqualTo(Status.GRANTED);
    }
    byte[] snapshot = table.snapshot();
    assertThat(snapshot.length).isLessThan(4_000); // 16 ranges and 4 results, not 1,000 entries
    // a recent sequence that never ran, between applied ones, still runs
    assertThat(f.run(new LockCommand.Acquire(new InvocationId(1, 999 * 256 + 1), 0, "late", LockMode.SHARED, false))
        .status()).isEqualTo(Status.GRANTED);
    // one far below the kept runs is refused and says why
    LockResult old = f.run(new LockCommand.Acquire(new InvocationId(1, 5 * 256 + 1), 0, "old", LockMode.SHARED, false));
    assertThat(old.status()).isEqualTo(Status.STALE_INVOCATION);
    assertThat(old.message()).contains("16 separate runs");
    assertThat(f.table.view("old")).isEmpty();
  }

  @Test
  void queuedAcquire_survivesTheRangeBound_soItsResendsStillFindIt() {
    TableFixture f = new TableFixture(new LockTable(2)).open(1, 2);
    f.run(acquire(2, 1, "a", true));
    LockCommand.Acquire queued = new LockCommand.Acquire(new InvocationId(1, 256), 7, "a", LockMode.EXCLUSIVE, true);
    assertThat(f.run(queued).status()).isEqualTo(Status.WAITING);
    for (long i = 2; i <= 50; i++) {
      f.run(new LockCommand.Acquire(new InvocationId(1, i * 256), 1, "r" + i, LockMode.EXCLUSIVE, true));
    }
    assertThat(f.run(queued).status()).isEqualTo(Status.WAITING);
    f.run(new LockCommand.Release(new InvocationId(2, 2), 1, "a", LockMode.EXCLUSIVE));
    assertThat(f.run(queued).status()).isEqualTo(Status.GRANTED);
  }
}
