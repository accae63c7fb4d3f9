package io.dsync.bench.jms;

import io.dsync.jms.broker.BodyType;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.LogRecord;
import io.dsync.jms.wal.ChronicleWalStore;
import io.dsync.jms.wal.FsyncPolicy;
import io.dsync.jms.wal.GroupCommitWal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The broker's WAL alone (no JMS, no engine): {@link GroupCommitWal} over the Chronicle Queue
 * store with fsync {@code ALWAYS}, one 1 KiB persistent-send record per append, each append
 * waiting for the sync that covers it. 1 thread vs 8 threads shows what group commit gives; the
 * records-per-sync counter shows how full the batches are.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WalBenchmark {

  /** One WAL per trial in a temporary folder. */
  @State(Scope.Benchmark)
  public static class WalState {
    /** {@code gather}: the writer waits briefly for returning senders; {@code greedy}: it syncs at once. */
    @Param({"gather", "greedy"})
    public String loop;

    /** {@code fdatasync}: force of the cycle file; {@code msync}: Chronicle's appender.sync(). */
    @Param({"fdatasync", "msync"})
    public String sync;

    Path dir;
    GroupCommitWal wal;
    LogRecord record;

    @Setup(Level.Trial)
    public void open() throws Exception {
      dir = Files.createTempDirectory("bench-wal");
      wal = new GroupCommitWal(new ChronicleWalStore(dir, FsyncPolicy.ALWAYS,
          sync.equals("msync") ? ChronicleWalStore.SyncMethod.CHRONICLE_MSYNC : ChronicleWalStore.SyncMethod.FDATASYNC), FsyncPolicy.ALWAYS, "bench",
          loop.equals("gather"));
      wal.replay(r -> { });
      record = sendRecord();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      long[] t = wal.writerTimes();
      long rounds = Math.max(1, t[0]);
      System.out.printf("%n[wal] %s %s: records %d, syncs %d, records per sync %.2f, gathered rounds %d;"
          + " per writer round (us): gather %d, write %d, sync %d, release %d%n",
          loop, sync, wal.writtenCount(), wal.syncCount(),
          wal.syncCount() == 0 ? 0.0 : (double) wal.writtenCount() / wal.syncCount(), wal.gatheredCount(),
          t[1] / rounds / 1000, t[2] / rounds / 1000, t[3] / rounds / 1000, t[4] / rounds / 1000);
      wal.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The record a 1 KiB persistent send to a queue logs. */
  static LogRecord sendRecord() {
    BrokerMessage m = new BrokerMessage("ID:bench-0123456789abcdef:1", System.currentTimeMillis(), null, null,
        "queue://persistent", true, 4, 0, 0, null, Map.of(), BodyType.BYTES, new byte[JmsBenchmark.MESSAGE_BYTES], "c1");
    return new LogRecord.Commit(List.of(new LogRecord.Stored("queue://persistent", 1, m)), List.of());
  }

  /** One thread appending and waiting for each sync. */
  @Benchmark
  public void append1Thread(WalState s) throws Exception {
    s.wal.append(s.record, true).get();
  }

  /** Eight threads appending and waiting: group commit. */
  @Benchmark
  @Threads(8)
  public void append8Threads(WalState s) throws Exception {
    s.wal.append(s.record, true).get();
  }
}
