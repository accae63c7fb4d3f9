package io.dsync.bench.lock;

import io.dsync.lock.DsyncLocks;
import io.dsync.lock.LockEngine;
import io.dsync.lock.core.LockCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * Diagnostic run (not a benchmark): where a dsync lock+unlock pair spends its time. Starts the
 * three-node cluster of {@link DsyncLockSystem} and runs the uncontended pair loop with 1 and 8
 * threads, and two threads handing one lock back and forth, twice (the first round warms up): through the remote client (client to leader over TCP, as in {@link LockBenchmark})
 * and through a session on the leader's own engine (no client hop), printing pairs/s and the
 * pair's p50/p99 (acquisitions/s for the hand-off). It first times single Raft commits through the
 * leader's lock engine (a tick: one commit and apply, no client hop) as the reference. The difference is what the client/server path adds.
 *
 * <p>{@code java -cp benchmarks.jar io.dsync.bench.lock.LockLoad [always|never] [seconds]}
 */
public final class LockLoad {
  private LockLoad() {}

  /** Runs the diagnostic; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    String fsync = args.length > 0 ? args[0] : "always";
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 4;
    try (DsyncLockSystem system = new DsyncLockSystem(fsync, true)) {
      DsyncLocks local = DsyncLocks.create(system.leaderEngine());
      try {
        for (int round = 0; round < 2; round++) {
          commits(system.leaderEngine(), seconds, round == 1);
          for (int threads : new int[] {1, 8}) {
            run("remote", threads, seconds, name -> system.lock(name), round == 1);
            run("leader-local", threads, seconds, local::getLock, round == 1);
          }
          handoff("remote", seconds, system.lock("handoff-remote-" + round), round == 1);
          handoff("leader-local", seconds, local.getLock("handoff-local-" + round), round == 1);
        }
      } finally {
        local.close();
      }
    }
  }

  /** One Raft commit and apply through the leader's lock engine (a tick), one at a time: the reference. */
  private static void commits(LockEngine engine, long seconds, boolean print) throws Exception {
    long[] l = new long[2_000_000];
    int n = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end && n < l.length) {
      long s = System.nanoTime();
      engine.submit(new LockCommand.Tick()).get();
      l[n++] = System.nanoTime() - s;
    }
    Arrays.sort(l, 0, n);
    if (print && n > 0) {
      System.out.printf("%-13s threads=1 commits/s=%6.0f p50=%6.0f us p99=%6.0f us%n", "raft-commit",
          n / (double) seconds, l[n / 2] / 1e3, l[(int) (n * 0.99)] / 1e3);
    }
  }

  /** Two threads loop lock/unlock on one lock; prints acquisitions/s. */
  private static void handoff(String label, long seconds, Lock lock, boolean print) throws Exception {
    AtomicLong acquisitions = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Runnable loop = () -> {
      while (System.nanoTime() < end) {
        lock.lock();
        try {
          acquisitions.incrementAndGet();
        } finally {
          lock.unlock();
        }
      }
    };
    Thread a = new Thread(loop);
    Thread b = new Thread(loop);
    a.start();
    b.start();
    a.join();
    b.join();
    if (print) {
      System.out.printf("%-13s hand-off acquisitions/s=%6.0f%n", label, acquisitions.get() / (double) seconds);
    }
  }

  private interface Locks {
    Lock lock(String name);
  }

  private static void run(String label, int threads, long seconds, Locks locks, boolean print) throws Exception {
    List<Thread> ts = new ArrayList<>();
    long[][] lat = new long[threads][];
    int[] counts = new int[threads];
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    for (int t = 0; t < threads; t++) {
      int me = t;
      Lock lock = locks.lock(label + "-" + threads + "-" + t);
      Thread th = new Thread(() -> {
        long[] l = new long[2_000_000];
        int n = 0;
        try {
          while (System.nanoTime() < end && n < l.length) {
            long s = System.nanoTime();
            lock.lock();
            lock.unlock();
            l[n++] = System.nanoTime() - s;
          }
        } catch (RuntimeException e) {
          System.out.println(label + " thread " + me + " failed after " + n + " pairs: " + e);
        }
        lat[me] = l;
        counts[me] = n;
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(lat[t], 0, all, k, counts[t]);
      k += counts[t];
    }
    Arrays.sort(all);
    if (print && total > 0) {
      System.out.printf("%-13s threads=%d pairs/s=%8.0f p50=%6.0f us p99=%6.0f us%n", label, threads,
          total / (double) seconds, all[total / 2] / 1e3, all[(int) (total * 0.99)] / 1e3);
    }
  }
}
