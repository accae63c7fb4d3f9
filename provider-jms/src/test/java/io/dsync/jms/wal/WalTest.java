package io.dsync.jms.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.BodyType;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.LogRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  @TempDir
  Path dir;

  static LogRecord commit(int i) {
    BrokerMessage m = new BrokerMessage("ID:" + i, i, "c", "queue://r", "queue://q", true, 4, 0, 0, "t",
        Map.of("k", i, "s", "v", "b", true), BodyType.TEXT, ("body" + i).getBytes(), "conn");
    return new LogRecord.Commit(List.of(new LogRecord.Stored("queue://q", i, m)), List.of(new AckRef("queue://q", i - 1)));
  }

  @Test
  void codec_roundTrip_everyRecordType() {
    List<LogRecord> records = List.of(commit(1), new LogRecord.Consumed(new AckRef("queue://q", 7)),
        new LogRecord.SubscriptionAdded("durable://c/s", "topic://t", "a > 1", true, false),
        new LogRecord.SubscriptionRemoved("durable://c/s"));
    for (LogRecord r : records) {
      LogRecord back = LogRecordCodec.decode(LogRecordCodec.encode(r));
      assertThat(LogRecordCodec.encode(back)).isEqualTo(LogRecordCodec.encode(r));
    }
  }

  @Test
  void codec_flippedBit_rejectedByChecksum() {
    byte[] b = LogRecordCodec.encode(commit(1));
    b[10] ^= 1;
    assertThatThrownBy(() -> LogRecordCodec.decode(b)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
  }

  @Test
  void codec_truncated_rejected() {
    assertThatThrownBy(() -> LogRecordCodec.decode(new byte[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chronicle_appendCloseReopen_replaysInOrder() throws Exception {
    try (GroupCommitWal wal = new GroupCommitWal(new ChronicleWalStore(dir, FsyncPolicy.ALWAYS), FsyncPolicy.ALWAYS, "t")) {
      wal.replay(r -> { });
      CompletableFuture<Void> last = null;
      for (int i = 1; i <= 100; i++) {
        last = wal.append(commit(i), true);
      }
      last.get(10, TimeUnit.SECONDS);
    }
    List<LogRecord> back = new ArrayList<>();
    try (GroupCommitWal wal = new GroupCommitWal(new ChronicleWalStore(dir, FsyncPolicy.ALWAYS), FsyncPolicy.ALWAYS, "t")) {
      wal.replay(back::add);
    }
    assertThat(back).hasSize(100);
    assertThat(((LogRecord.Commit) back.get(41)).stored().get(0).message().messageId()).isEqualTo("ID:42");
  }

  @Test
  void groupCommit_concurrentAppends_shareSyncs() throws Exception {
    try (GroupCommitWal wal = new GroupCommitWal(new ChronicleWalStore(dir, FsyncPolicy.ALWAYS), FsyncPolicy.ALWAYS, "g")) {
      wal.replay(r -> { });
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int base = t * 1000;
        Thread th = new Thread(() -> {
          for (int i = 0; i < 100; i++) {
            wal.append(commit(base + i), true).join();
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      assertThat(wal.writtenCount()).isEqualTo(800);
      assertThat(wal.syncCount()).isLessThan(800).isPositive();
    }
  }

  @Test
  void memoryStore_tornLastRecord_ignored() {
    MemoryWalStore store = new MemoryWalStore();
    store.write(LogRecordCodec.encode(commit(1)));
    store.write(new byte[] {9, 9, 9, 9, 9, 9});
    List<LogRecord> back = new ArrayList<>();
    GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.NEVER, "m");
    wal.replay(back::add);
    wal.close();
    assertThat(back).hasSize(1);
  }

  @Test
  void memoryStore_corruptMiddleRecord_refused() {
    MemoryWalStore store = new MemoryWalStore();
    store.write(new byte[] {9, 9, 9, 9, 9, 9});
    store.write(LogRecordCodec.encode(commit(1)));
    GroupCommitWal wal = new GroupCommitWal(store, FsyncPolicy.NEVER, "m");
    assertThatThrownBy(() -> wal.replay(r -> { })).hasMessageContaining("corrupt");
  }

  @Test
  void closedWal_appendFails() {
    GroupCommitWal wal = new GroupCommitWal(new MemoryWalStore(), FsyncPolicy.NEVER, "c");
    wal.replay(r -> { });
    wal.close();
    assertThat(wal.append(commit(1), true)).isCompletedExceptionally();
  }
}
