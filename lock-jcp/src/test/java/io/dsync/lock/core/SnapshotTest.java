package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotTest {

  private static TableFixture busyTable() {
    TableFixture f = new TableFixture().open(1, 2, 3);
    f.x(1, "a");
    f.s(2, "b");
    f.acquire(2, 9, "b", LockMode.SHARED);
    f.x(3, "b");
    f.s(2, "a");
    f.x(1, "c");
    f.x(1, "b"); // deadlock? 1 -> b held by 2 (shared); 2 waits a held by 1: yes, refused
    return f;
  }

  @Test
  void restore_reproducesTheExactState() {
    TableFixture f = busyTable();
    byte[] snap = f.table.snapshot();
    LockTable copy = new LockTable();
    copy.restore(snap);
    assertThat(copy.snapshot()).isEqualTo(snap);
    assertThat(copy.views()).isEqualTo(f.table.views());
    assertThat(copy.stats()).isEqualTo(f.table.stats());
    assertThat(copy.stats().deadlocksDetected()).isEqualTo(1);
  }

  @Test
  void restoredTable_behavesLikeTheOriginal() {
    TableFixture f = busyTable();
    TableFixture g = new TableFixture(new LockTable());
    g.table.restore(f.table.snapshot());
    g.now = f.now;
    LockCommand[] next = {
      new LockCommand.Release(new InvocationId(1, 100), 1, "a", LockMode.EXCLUSIVE),
      new LockCommand.Cancel(new InvocationId(3, 1)),
      new LockCommand.Acquire(new InvocationId(3, 2), 1, "a", LockMode.EXCLUSIVE, true),
      new LockCommand.Acquire(new InvocationId(2, 3), 1, "a", LockMode.SHARED, true),
      new LockCommand.Tick(),
    };
    for (LockCommand c : next) {
      f.now += 4_000;
      g.now += 4_000;
      assertThat(g.table.apply(c, g.now)).isEqualTo(f.table.apply(c, f.now));
    }
    assertThat(g.table.snapshot()).isEqualTo(f.table.snapshot());
  }

  @Test
  void emptyTable_roundTrips() {
    LockTable t = new LockTable();
    LockTable copy = new LockTable();
    copy.restore(t.snapshot());
    assertThat(copy.snapshot()).isEqualTo(t.snapshot());
  }
}
