package io.dsync.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.raft.core.HardState;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.SnapshotImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync points (the asynchronous sync of the Raft driver): a point covers exactly the writes made
 * before it, later writes go to the next one, and whatever would cut or delete a file the force
 * in flight uses (truncation, snapshot, compaction) waits for that force. The test plays the sync
 * thread: it holds a point's force as long as it likes, while a second thread plays the Raft
 * thread.
 */
class FileRaftStorageSyncPointTest {
  @TempDir Path dir;
  private final ExecutorService raftThread = Executors.newSingleThreadExecutor();
  private volatile Thread raftThreadRef;

  @AfterEach
  void stop() {
    raftThread.shutdownNow();
  }

  private static List<LogEntry> entries(long from, long to, long term) {
    return FileRaftStorageTest.entries(from, to, term);
  }

  private FileRaftStorage open() {
    return new FileRaftStorage(dir, FsyncPolicy.ALWAYS, 300);
  }

  /** Runs {@code task} on the second thread and waits until it blocks (on the force in flight). */
  private Future<?> onRaftThreadUntilBlocked(Runnable task) {
    Future<?> f = raftThread.submit(() -> {
      raftThreadRef = Thread.currentThread();
      task.run();
    });
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
        .until(() -> raftThreadRef != null && raftThreadRef.getState() == Thread.State.WAITING);
    assertThat(f).isNotDone();
    return f;
  }

  @Test
  void beginSync_coversEarlierWritesOnly_laterWritesGoToTheNextPoint() {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 3, 1));
      s.saveHardState(new HardState(1, "a"));
      FileRaftStorage.SyncPoint p1 = s.beginSync();
      s.append(entries(4, 5, 1)); // the Raft thread writes on while p1 is forced
      assertThat(p1.isEmpty()).isFalse();
      assertThatThrownBy(s::beginSync).isInstanceOf(IllegalStateException.class); // one in flight at most
      assertThatThrownBy(() -> s.endSync(p1)).isInstanceOf(IllegalStateException.class); // not forced yet
      long forces = s.fsyncCount();
      p1.force();
      s.endSync(p1);
      assertThat(s.fsyncCount()).isEqualTo(forces + 1);
      FileRaftStorage.SyncPoint p2 = s.beginSync();
      assertThat(p2.isEmpty()).isFalse(); // entries 4-5
      p2.force();
      s.endSync(p2);
      FileRaftStorage.SyncPoint p3 = s.beginSync();
      assertThat(p3.isEmpty()).isTrue(); // nothing written since p2
      p3.force();
      s.endSync(p3);
      assertThat(s.syncWaits()).isZero();
    }
    try (FileRaftStorage s = open()) {
      PersistedState p = s.load();
      assertThat(p.entries()).isEqualTo(entries(1, 5, 1));
      assertThat(p.hardState()).isEqualTo(new HardState(1, "a"));
    }
  }

  @Test
  void truncate_whileSyncInFlight_waitsForTheForce_thenNextPointCoversTheNewSuffix() throws Exception {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 20, 1)); // several 300-byte segments
      FileRaftStorage.SyncPoint p = s.beginSync();
      Future<?> conflict = onRaftThreadUntilBlocked(() -> {
        s.truncateFrom(5); // deletes segments the force above still uses: must wait
        s.append(entries(5, 7, 2));
      });
      p.force(); // the sync thread ends its force
      conflict.get(10, TimeUnit.SECONDS);
      s.endSync(p);
      assertThat(s.syncWaits()).isEqualTo(1);
      FileRaftStorage.SyncPoint next = s.beginSync();
      assertThat(next.isEmpty()).isFalse();
      next.force();
      s.endSync(next);
    }
    try (FileRaftStorage s = open()) {
      List<LogEntry> expected = new ArrayList<>(entries(1, 4, 1));
      expected.addAll(entries(5, 7, 2));
      assertThat(s.load().entries()).isEqualTo(expected);
    }
  }

  @Test
  void truncate_pastTheEnd_doesNotWait() {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 3, 1));
      FileRaftStorage.SyncPoint p = s.beginSync();
      s.truncateFrom(4); // removes nothing
      s.append(entries(4, 4, 1));
      assertThat(s.syncWaits()).isZero();
      p.force();
      s.endSync(p);
    }
  }

  @Test
  void snapshot_whileSyncInFlight_waitsBeforeCompacting() throws Exception {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 30, 1));
      FileRaftStorage.SyncPoint p = s.beginSync();
      SnapshotImage snap = new SnapshotImage(25, 1, Membership.of("a"), new byte[] {7});
      Future<?> install = onRaftThreadUntilBlocked(() -> {
        s.installSnapshot(snap); // compaction deletes (and closes) segments the force uses
        s.append(entries(31, 32, 1));
      });
      p.force();
      install.get(10, TimeUnit.SECONDS);
      s.endSync(p); // the force did not hit a closed channel
      assertThat(s.syncWaits()).isEqualTo(1);
      s.sync();
    }
    try (FileRaftStorage s = open()) {
      PersistedState p = s.load();
      assertThat(p.snapshot()).isNotNull();
      assertThat(p.snapshot().index()).isEqualTo(25);
      assertThat(p.entries()).isEqualTo(entries(26, 32, 1));
    }
  }

  @Test
  void sync_whileSyncInFlight_waitsThenForcesTheRest() throws Exception {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 2, 1));
      FileRaftStorage.SyncPoint p = s.beginSync();
      s.saveHardState(new HardState(2, "b"));
      Future<?> sync = onRaftThreadUntilBlocked(s::sync);
      p.force();
      sync.get(10, TimeUnit.SECONDS);
      s.endSync(p);
      FileRaftStorage.SyncPoint after = s.beginSync();
      assertThat(after.isEmpty()).isTrue(); // sync() forced the term and vote already
      after.force();
      s.endSync(after);
    }
    try (FileRaftStorage s = open()) {
      assertThat(s.load().hardState()).isEqualTo(new HardState(2, "b"));
    }
  }

  @Test
  void failedForce_surfacesOnTheStorageThread() {
    FileRaftStorage s = open();
    s.load();
    s.append(entries(1, 2, 1));
    FileRaftStorage.SyncPoint p = s.beginSync();
    s.close(); // breaks the contract on purpose: the channel is closed under the force
    p.force(); // never throws on the sync thread
    assertThatThrownBy(() -> s.endSync(p)).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void fsyncNever_pointsHaveNothingToForce() {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.NEVER, 300)) {
      s.load();
      s.append(entries(1, 20, 1));
      FileRaftStorage.SyncPoint p = s.beginSync();
      assertThat(p.isEmpty()).isTrue();
      p.force();
      s.endSync(p);
      assertThat(s.fsyncCount()).isZero();
    }
  }
}
