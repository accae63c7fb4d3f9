package io.dsync.jms.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.jms.broker.LogRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Group commit: what a caller waits for, what joins a sync, and both Chronicle sync methods. */
class GroupCommitTest {
  @TempDir
  Path dir;

  /** A store whose sync blocks until released, counting what it was asked to do. */
  static final class GatedStore implements WalStore {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger syncs = new AtomicInteger();
    final AtomicInteger writesAtLastSync = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch syncing = new CountDownLatch(1);
    volatile RuntimeException failSync;

    @Override
    public void write(byte[] record) {
      writes.incrementAndGet();
    }

    @Override
    public void sync() {
      syncing.countDown();
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failSync != null) {
        throw failSync;
      }
      writesAtLastSync.set(writes.get());
      syncs.incrementAndGet();
    }

    @Override
    public void readAll(Consumer<byte[]> sink) {}

    @Override
    public void close() {}
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void syncedAppend_completesOnlyAfterTheSyncThatCoversIt(boolean gather) throws Exception {
    GatedStore store = new GatedStore();
    store.gate = new CountDownLatch(1);
    try (GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.ALWAYS, "gated", gather)) {
      wal.replay(r -> { });
      CompletableFuture<Void> first = wal.append(WalTest.commit(1), true);
      assertThat(store.syncing.await(10, TimeUnit.SECONDS)).isTrue();
      // queued while the first sync runs: joins the next one
      List<CompletableFuture<Void>> during = new ArrayList<>();
      for (int i = 2; i <= 6; i++) {
        during.add(wal.append(WalTest.commit(i), true));
      }
      CompletableFuture<Void> ack = wal.append(WalTest.commit(7), false);
      assertThat(first).isNotDone();
      assertThat(during).noneMatch(CompletableFuture::isDone);
      store.gate.countDown();
      first.get(10, TimeUnit.SECONDS);
      for (CompletableFuture<Void> f : during) {
        f.get(10, TimeUnit.SECONDS);
      }
      ack.get(10, TimeUnit.SECONDS);
      // the first sync covered one record, one more sync covered the five queued meanwhile
      assertThat(store.syncs.get()).isEqualTo(2);
      assertThat(store.writesAtLastSync.get()).isGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void unsyncedAppend_doesNotWaitForASync() throws Exception {
    GatedStore store = new GatedStore();
    store.gate = new CountDownLatch(1);
    try (GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.ALWAYS, "nowait")) {
      wal.replay(r -> { });
      wal.append(WalTest.commit(1), false).get(10, TimeUnit.SECONDS);
      assertThat(store.syncs.get()).isZero();
      store.gate.countDown();
    }
  }

  @Test
  void neverPolicy_neverSyncs() throws Exception {
    GatedStore store = new GatedStore();
    try (GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.NEVER, "never")) {
      wal.replay(r -> { });
      wal.append(WalTest.commit(1), true).get(10, TimeUnit.SECONDS);
      assertThat(store.syncs.get()).isZero();
      assertThat(store.writes.get()).isEqualTo(1);
    }
  }

  @Test
  void failedSync_failsItsWaiters_andLaterAppends() throws Exception {
    GatedStore store = new GatedStore();
    store.failSync = new IllegalStateException("disk gone");
    try (GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.ALWAYS, "fail")) {
      wal.replay(r -> { });
      CompletableFuture<Void> f = wal.append(WalTest.commit(1), true);
      await().atMost(Duration.ofSeconds(10)).until(f::isDone);
      assertThat(f).isCompletedExceptionally();
      try {
        f.get();
      } catch (ExecutionException e) {
        assertThat(e.getCause()).hasMessage("disk gone");
      }
      assertThat(wal.append(WalTest.commit(2), true)).isCompletedExceptionally();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void eightWriters_shareSyncs(boolean gather) throws Exception {
    GatedStore store = new GatedStore();
    try (GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.ALWAYS, "eight", gather)) {
      wal.replay(r -> { });
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Thread th = new Thread(() -> {
          for (int i = 0; i < 200; i++) {
            wal.append(WalTest.commit(i), true).join();
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      assertThat(wal.writtenCount()).isEqualTo(1600);
      assertThat(wal.syncCount()).isEqualTo(store.syncs.get()).isLessThan(1600).isPositive();
    }
  }

  @Test
  void writerTimes_countRoundsAndTheTimeSpentSyncing() throws Exception {
    GatedStore store = new GatedStore();
    store.gate = new CountDownLatch(1);
    try (GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.ALWAYS, "times")) {
      wal.replay(r -> { });
      assertThat(wal.writerTimes()).containsExactly(0, 0, 0, 0, 0);
      CompletableFuture<Void> f = wal.append(WalTest.commit(1), true);
      assertThat(store.syncing.await(10, TimeUnit.SECONDS)).isTrue();
      store.gate.countDown();
      f.get(10, TimeUnit.SECONDS);
      long[] t = wal.writerTimes();
      // one round; its sync is recorded before its waiters are released
      assertThat(t[0]).isEqualTo(1);
      assertThat(t[3]).isPositive();
      assertThat(t[1]).isNotNegative();
      assertThat(t[2]).isNotNegative();
    }
  }

  private static List<Long> firstMessageIds(MemoryWalStore store) {
    List<Long> out = new ArrayList<>();
    store.readAll(bytes -> out.add(Long.parseLong(((LogRecord.Commit) LogRecordCodec.decode(bytes)).stored().get(0)
        .message().messageId().substring(3))));
    return out;
  }

  @Test
  void rewrite_replacesTheLogAfterWhatCameBefore_andLaterRecordsFollowTheLiveState() throws Exception {
    MemoryWalStore first = new MemoryWalStore();
    MemoryWalStore second = new MemoryWalStore();
    GroupCommitWal.Rewriter toSecond = (current, live) -> {
      current.close();
      live.forEach(r -> second.write(LogRecordCodec.encode(r)));
      return new GroupCommitWal.Rewriter.Result(second, null);
    };
    try (GroupCommitWal wal = new GroupCommitWal(first, FsyncPolicy.ALWAYS, "rewrite", true, toSecond)) {
      wal.replay(r -> { });
      wal.append(WalTest.commit(1), true);
      wal.append(WalTest.commit(2), false);
      CompletableFuture<Void> rewritten = wal.rewrite(List.of(WalTest.commit(9)));
      wal.append(WalTest.commit(3), true).get(10, TimeUnit.SECONDS);
      rewritten.get(10, TimeUnit.SECONDS);
      assertThat(wal.rewriteCount()).isEqualTo(1);
    }
    assertThat(firstMessageIds(first)).containsExactly(1L, 2L);
    assertThat(firstMessageIds(second)).containsExactly(9L, 3L);
  }

  @Test
  void failedRewrite_failsItsFuture_andTheLogGoesOnInTheStoreTheRewriterGaveBack() throws Exception {
    MemoryWalStore only = new MemoryWalStore();
    GroupCommitWal.Rewriter failing = (current, live) ->
        new GroupCommitWal.Rewriter.Result(current, new IllegalStateException("disk full"));
    try (GroupCommitWal wal = new GroupCommitWal(only, FsyncPolicy.ALWAYS, "rewrite-fails", true, failing)) {
      wal.replay(r -> { });
      wal.append(WalTest.commit(1), true);
      CompletableFuture<Void> rewritten = wal.rewrite(List.of(WalTest.commit(9)));
      wal.append(WalTest.commit(2), true).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> rewritten.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("disk full");
      assertThat(wal.rewriteCount()).isZero();
    }
    assertThat(firstMessageIds(only)).containsExactly(1L, 2L);
  }

  @Test
  void rewrite_withoutARewriter_isRefused_andNothingElseChanges() throws Exception {
    MemoryWalStore only = new MemoryWalStore();
    try (GroupCommitWal wal = new GroupCommitWal(only, FsyncPolicy.ALWAYS, "no-rewrite")) {
      wal.replay(r -> { });
      CompletableFuture<Void> rewritten = wal.rewrite(List.of(WalTest.commit(9)));
      wal.append(WalTest.commit(1), true).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> rewritten.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(firstMessageIds(only)).containsExactly(1L);
  }

  @ParameterizedTest
  @EnumSource(ChronicleWalStore.SyncMethod.class)
  void chronicle_bothSyncMethods_keepEveryRecord(ChronicleWalStore.SyncMethod method) throws Exception {
    try (GroupCommitWal wal = new GroupCommitWal(new ChronicleWalStore(dir, FsyncPolicy.ALWAYS, method), FsyncPolicy.ALWAYS, "s")) {
      wal.replay(r -> { });
      CompletableFuture<Void> last = null;
      for (int i = 1; i <= 50; i++) {
        last = wal.append(WalTest.commit(i), i % 2 == 0);
      }
      last.get(10, TimeUnit.SECONDS);
      assertThat(wal.syncCount()).isPositive();
    }
    List<LogRecord> back = new ArrayList<>();
    try (GroupCommitWal wal = new GroupCommitWal(new ChronicleWalStore(dir, FsyncPolicy.ALWAYS, method), FsyncPolicy.ALWAYS, "s")) {
      wal.replay(back::add);
      // appends after a reopen go on from the end
      wal.append(WalTest.commit(51), true).get(10, TimeUnit.SECONDS);
    }
    assertThat(back).hasSize(50);
    assertThat(((LogRecord.Commit) back.get(49)).stored().get(0).message().messageId()).isEqualTo("ID:50");
  }

  @Test
  void chronicle_syncBeforeAnyWrite_isANoOp() {
    try (ChronicleWalStore store = new ChronicleWalStore(dir, FsyncPolicy.ALWAYS)) {
      store.sync();
      store.write(new byte[] {1, 2, 3});
      store.sync();
      List<byte[]> back = new ArrayList<>();
      store.readAll(back::add);
      assertThat(back).containsExactly(new byte[] {1, 2, 3});
    }
  }
}
