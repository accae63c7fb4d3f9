package io.dsync.bench.raft;

import io.dsync.net.NettyTcpTransport;
import io.dsync.net.TransportStats;
import io.dsync.node.Node;
import io.dsync.raft.RaftNode;
import io.dsync.raft.RaftService;
import io.dsync.raft.kv.KvCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A diagnostic load run (not JMH): three nodes as in {@link RaftCommitBenchmark}, one client
 * thread keeping {@code w} 1 KiB puts outstanding on the leader for each window {@code w}, and
 * what the batching achieved — commits/s, latency percentiles, entries per fsync on the leader
 * and on each follower, entries per AppendEntries, loop iterations, frames per socket flush, and
 * how often the Raft thread had to wait for the fsync in flight (before a snapshot or truncation).
 *
 * <pre>{@code
 * java -cp bench/core/target/benchmarks.jar io.dsync.bench.raft.RaftLoad [fsync] [windows] [seconds]
 * # e.g. always 1,16,64 5
 * }</pre>
 */
public final class RaftLoad {
  private RaftLoad() {}

  /** Runs the load; arguments: fsync policy, comma-separated windows, seconds per window. */
  public static void main(String[] args) throws Exception {
    String fsync = args.length > 0 ? args[0] : "always";
    int[] windows = Arrays.stream((args.length > 1 ? args[1] : "1,16,64").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    byte[] value = new byte[1024];
    try (RaftCluster cluster = new RaftCluster(fsync)) {
      RaftNode leader = cluster.leader();
      for (int w : windows) {
        run(cluster, leader, value, w, Math.max(1, seconds / 2), false); // warm-up
        run(cluster, leader, value, w, seconds, true);
      }
    }
    System.exit(0);
  }

  private static void run(RaftCluster cluster, RaftNode leader, byte[] value, int window, int seconds, boolean print)
      throws InterruptedException {
    List<RaftNode> rafts = new ArrayList<>();
    List<TransportStats> net0 = new ArrayList<>();
    for (Node n : cluster.nodes) {
      rafts.add(n.service(RaftService.class).orElseThrow().kv());
      net0.add(((NettyTcpTransport) n.transport()).stats());
    }
    List<RaftNode.Counters> c0 = rafts.stream().map(RaftNode::counters).toList();
    Semaphore permits = new Semaphore(window);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[] lat = new long[1 << 22];
    AtomicLong latN = new AtomicLong();
    byte[][] cmds = new byte[window][];
    for (int i = 0; i < window; i++) {
      cmds[i] = KvCommands.put("key-" + i, value);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    int i = 0;
    while (System.nanoTime() < end) {
      if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      long t0 = System.nanoTime();
      leader.submit(cmds[i++ % window]).whenComplete((r, ex) -> {
        long n = latN.getAndIncrement();
        if (n < lat.length) {
          lat[(int) n] = System.nanoTime() - t0;
        }
        (ex == null ? done : failed).incrementAndGet();
        permits.release();
      });
    }
    long elapsed = System.nanoTime() - start;
    long cpu = os.getProcessCpuTime() - cpu0;
    permits.acquire(window); // drain
    if (!print) {
      return;
    }
    long n = Math.min(latN.get(), lat.length);
    long[] l = Arrays.copyOf(lat, (int) n);
    Arrays.sort(l);
    double secs = elapsed / 1e9;
    System.out.printf(Locale.ROOT,
        "window %3d: %8.0f commits/s  p50 %.3f ms  p99 %.3f ms  failed %d  process CPU %.1f us/commit (%.2f cores)"
            + "  load %.2f%n",
        window, done.get() / secs, pct(l, 0.50), pct(l, 0.99), failed.get(), cpu / 1e3 / Math.max(1, done.get()),
        cpu / (double) elapsed, os.getSystemLoadAverage());
    for (int k = 0; k < rafts.size(); k++) {
      RaftNode.Counters a = c0.get(k);
      RaftNode.Counters b = rafts.get(k).counters();
      TransportStats s0 = net0.get(k);
      TransportStats s1 = ((NettyTcpTransport) cluster.nodes.get(k).transport()).stats();
      long fs = b.fsyncs() - a.fsyncs();
      long loops = b.loops() - a.loops();
      long aes = b.appendsSent() - a.appendsSent();
      long frames = s1.framesSent() - s0.framesSent();
      long flushes = s1.flushes() - s0.flushes();
      System.out.printf(Locale.ROOT,
          "  %s %-6s fsyncs/s %6.0f  entries/fsync %6.1f  loops/s %7.0f  batches/s %6.0f  cmds/batch %5.1f"
              + "  AE/s %6.0f  entries/AE %5.1f  frames/flush %4.1f  dropped %d  busy %3.0f%%  disk %3.0f%%"
              + "  (%.0f us/fsync)  waits for a sync in flight %d  snapshots %d (avg %.0f us, max %.0f us)%n",
          cluster.nodes.get(k).id().value(), rafts.get(k) == leader ? "leader" : "", fs / secs,
          fs == 0 ? 0.0 : (double) done.get() / fs, loops / secs, (b.proposalBatches() - a.proposalBatches()) / secs,
          ratio(b.proposed() - a.proposed(), b.proposalBatches() - a.proposalBatches()), aes / secs,
          ratio(b.entriesSent() - a.entriesSent(), aes), ratio(frames, flushes), s1.dropped() - s0.dropped(),
          100.0 * (b.busyNanos() - a.busyNanos()) / elapsed, 100.0 * (b.syncNanos() - a.syncNanos()) / elapsed,
          ratio(b.syncNanos() - a.syncNanos(), fs) / 1e3, b.syncWaits() - a.syncWaits(),
          b.snapshots() - a.snapshots(), ratio(b.snapshotNanos() - a.snapshotNanos(), b.snapshots() - a.snapshots()) / 1e3,
          b.snapshotNanosMax() / 1e3);
    }
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0.0 : (double) a / b;
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }
}
