package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  /** A snapshot in the version-1 layout (one floor per session, no applied ranges), as written before 2026-11-24. */
  private static byte[] versionOneSnapshot() {
    Bytes.Writer w = new Bytes.Writer();
    w.writeInt(0x44534C4B).writeByte(1);
    w.writeLong(5_000).writeLong(7).writeLong(20).writeLong(0).writeLong(0); // now, last fence, applied, deadlocks
    w.writeInt(1);
    w.writeLong(1).writeLong(10_000).writeLong(15_000).writeLong(5); // session 1, lease, expiry, floor 5
    w.writeInt(1);
    w.writeLong(6);
    LockCodec.writeResult(w, LockResult.granted(7));
    w.writeInt(1);
    w.writeString("a").writeLong(7).writeInt(1);
    LockCodec.writeOwner(w, new Owner(1, 1));
    w.writeInt(1).writeInt(0).writeLong(7);
    w.writeInt(0);
    return w.toByteArray();
  }

  @Test
  void versionOneSnapshot_isStillRead_withTheAnswersItGaveBefore() {
    LockTable t = new LockTable();
    t.restore(versionOneSnapshot());
    TableFixture f = new TableFixture(t);
    f.now = 5_000;
    assertThat(f.view("a").fence()).isEqualTo(7);
    LockCommand.Acquire stored = new LockCommand.Acquire(new InvocationId(1, 6), 1, "a", LockMode.EXCLUSIVE, true);
    assertThat(f.run(stored).fence()).isEqualTo(7); // its stored result, not a second hold
    assertThat(f.view("a").holders().get(0).exclusiveCount()).isEqualTo(1);
    LockCommand.Acquire old = new LockCommand.Acquire(new InvocationId(1, 4), 1, "b", LockMode.EXCLUSIVE, true);
    assertThat(f.run(old).status()).isEqualTo(Status.STALE_INVOCATION); // below the old floor
    LockCommand.Acquire fresh = new LockCommand.Acquire(new InvocationId(1, 7), 1, "b", LockMode.EXCLUSIVE, true);
    assertThat(f.run(fresh).fence()).isEqualTo(8);
    // and it is written back in the current version
    LockTable again = new LockTable();
    again.restore(t.snapshot());
    assertThat(again.views()).isEqualTo(t.views());
  }

  @Test
  void unknownVersion_refusedWithItsNumber() {
    byte[] snap = versionOneSnapshot();
    snap[4] = 9;
    assertThatThrownBy(() -> new LockTable().restore(snap)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported version 9");
  }
}
