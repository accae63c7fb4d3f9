package io.dsync.bench.lock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * Clustered locks side by side in one run: dsync (three nodes over TCP in this JVM, fsync on and
 * off) and Hazelcast 5.4.0 CP {@code FencedLock} (three embedded members). See
 * {@link DsyncLockSystem} and {@link HazelcastLockSystem} for what one call costs in each.
 *
 * <ul>
 *   <li>{@code uncontended_*}: lock+unlock pairs per second, each thread on a lock of its own
 *       (1 and 8 threads); {@code uncontendedLatency_*}: the same pair's latency distribution
 *       (SampleTime: p50, p99 in microseconds).
 *   <li>{@code handoff}: two threads loop lock/unlock on one lock; the score is acquisitions per
 *       second, and the secondary result {@code handoffs} counts the acquisitions that went to the
 *       other thread than the previous one (a lock that lets its releaser barge back in scores
 *       acquisitions but few hand-offs).
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.net.preferIPv4Stack=true", "-Dhazelcast.phone.home.enabled=false",
    "-Dhazelcast.logging.type=slf4j", "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class LockBenchmark {
  /** Which lock service: {@code dsync-fsync}, {@code dsync-nofsync}, {@code hazelcast-cp}. */
  @Param({"dsync-fsync", "dsync-nofsync", "dsync-fsync-remote", "hazelcast-cp"})
  public String system;

  LockSystem locks;
  private final AtomicInteger threadIds = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() {
    locks = LockSystem.start(system);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    locks.close();
  }

  /** A lock nobody else uses. */
  @State(Scope.Thread)
  public static class OwnLock {
    Lock lock;

    @Setup(Level.Trial)
    public void setUp(LockBenchmark b) {
      lock = b.locks.lock("uncontended-" + b.threadIds.incrementAndGet());
      pair(lock); // first use creates proxies and sessions: not part of the measurement
    }
  }

  private static void pair(Lock lock) {
    lock.lock();
    lock.unlock();
  }

  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void uncontended_1thread(OwnLock own) {
    pair(own.lock);
  }

  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void uncontended_8threads(OwnLock own) {
    pair(own.lock);
  }

  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void uncontendedLatency_1thread(OwnLock own) {
    pair(own.lock);
  }

  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void uncontendedLatency_8threads(OwnLock own) {
    pair(own.lock);
  }

  /**
   * The reference for the latency targets: one commit of each system's Raft group with no lock
   * client around it, from one thread (dsync: a {@code Tick} through the leader node's lock
   * engine — one log entry, replicated, synced per the system's fsync setting, applied;
   * Hazelcast: {@code IAtomicLong.incrementAndGet()} on the same CP group through the leader's
   * proxy). Read p50 and p99 next to {@code uncontendedLatency_1thread} (a pair is two commits).
   */
  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void raftCommitLatency_1thread() {
    locks.commitOnce();
  }

  /** The lock two threads fight over, and who held it last. */
  @State(Scope.Group)
  public static class SharedLock {
    Lock lock;
    volatile long lastHolder = -1; // written only while holding the lock; volatile so visibility does not hang on the lock's internals

    @Setup(Level.Trial)
    public void setUp(LockBenchmark b) {
      lock = b.locks.lock("contended-" + b.threadIds.incrementAndGet());
      pair(lock);
    }
  }

  /** Acquisitions that changed hands, reported per second next to the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class HandOffs {
    public long handoffs;
  }

  @Benchmark
  @Group("handoff")
  @GroupThreads(2)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void handoff(SharedLock shared, HandOffs counted) {
    shared.lock.lock();
    try {
      long me = Thread.currentThread().getId();
      if (shared.lastHolder != me) {
        if (shared.lastHolder != -1) {
          counted.handoffs++;
        }
        shared.lastHolder = me;
      }
    } finally {
      shared.lock.unlock();
    }
  }
}
