package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FenceTest {

  @Test
  void everyGrant_getsALargerFence_acrossResources() {
    TableFixture f = new TableFixture().open(1, 2);
    long a = f.x(1, "a").fence();
    long b = f.s(2, "b").fence();
    long c = f.s(1, "b").fence();
    f.x(2, "a");
    f.releaseX(1, "a");
    long d = ((LockEvent.Granted) f.lastEvents.get(0)).fence();
    assertThat(new long[] {a, b, c, d}).isSorted().doesNotHaveDuplicates();
    assertThat(f.view("a").fence()).isEqualTo(d);
    assertThat(f.table.stats().lastFence()).isEqualTo(d);
  }

  @Test
  void fence_keepsGrowingAfterResourceIsForgotten() {
    TableFixture f = new TableFixture().open(1);
    long first = f.x(1, "a").fence();
    f.releaseX(1, "a");
    assertThat(f.table.view("a")).isEmpty();
    assertThat(f.x(1, "a").fence()).isGreaterThan(first);
  }

  @Test
  void fence_monotonicAfterSnapshotRestore() {
    TableFixture f = new TableFixture().open(1);
    for (int i = 0; i < 5; i++) {
      f.x(1, "a");
      f.releaseX(1, "a");
    }
    long last = f.table.stats().lastFence();
    LockTable restored = new LockTable();
    restored.restore(f.table.snapshot());
    TableFixture g = new TableFixture(restored);
    g.now = f.now;
    assertThat(restored.stats().lastFence()).isEqualTo(last);
    assertThat(g.run(new LockCommand.Acquire(new InvocationId(1, 100), 1, "b", LockMode.EXCLUSIVE, true)).fence())
        .isEqualTo(last + 1);
  }

  @Test
  void restoreOverAnAdvancedTable_takesTheSnapshotsFence() {
    TableFixture f = new TableFixture().open(1);
    f.x(1, "a");
    byte[] snap = f.table.snapshot();
    f.x(1, "b");
    f.table.restore(snap);
    assertThat(f.table.stats().lastFence()).isEqualTo(1);
    assertThat(f.table.view("b")).isEmpty();
  }
}
