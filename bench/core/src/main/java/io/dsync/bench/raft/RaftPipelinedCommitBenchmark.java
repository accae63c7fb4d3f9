package io.dsync.bench.raft;

import io.dsync.raft.RaftNode;
import io.dsync.raft.kv.KvCommands;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Committed Raft commands per second with {@code clients} concurrent clients modelled as that
 * many requests outstanding at all times, issued by one JMH thread (the same cluster as
 * {@link RaftCommitBenchmark}: three nodes on 127.0.0.1, TCP, fsync on, 1 KiB puts, one key per
 * client).
 *
 * <p>Method: each operation waits for a free slot of a window of {@code clients}, submits a put
 * on the leader and returns; the slot is freed when the put is committed and applied on the
 * leader. In the steady state the window is full, so operations per second = commits per
 * second with exactly {@code clients} commands in flight — what "N concurrent clients" means for
 * the server — without N client threads competing with the three nodes for the CPU (64 JMH
 * threads on 2 cores measure the scheduler, not Raft). Each iteration ends by waiting for every
 * outstanding put; a failed put fails the iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.net.preferIPv4Stack=true"})
public class RaftPipelinedCommitBenchmark {

  /** {@code always} (durable) or {@code never} (unsafe; shows the cost of fsync). */
  @Param({"always"})
  public String fsync;

  /** Concurrent clients = commands kept in flight. */
  @Param({"1", "16", "64"})
  public int clients;

  private RaftCluster cluster;
  private RaftNode leader;
  private byte[][] commands;
  private Semaphore window;
  private final AtomicLong failures = new AtomicLong();
  private volatile Throwable firstFailure;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    cluster = new RaftCluster(fsync);
    leader = cluster.leader();
    commands = new byte[clients][];
    for (int i = 0; i < clients; i++) {
      commands[i] = KvCommands.put("key-" + i, new byte[1024]);
    }
    window = new Semaphore(clients);
  }

  @TearDown(Level.Iteration)
  public void drain() throws InterruptedException {
    if (!window.tryAcquire(clients, 30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("puts still outstanding 30 s after the iteration");
    }
    window.release(clients);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " puts failed", firstFailure);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cluster.close();
  }

  @Benchmark
  @Threads(1)
  public void commit(/* one JMH thread keeps `clients` puts in flight */) throws InterruptedException {
    window.acquire();
    byte[] command = commands[next];
    next = next + 1 == clients ? 0 : next + 1;
    leader.submit(command).whenComplete((r, ex) -> {
      if (ex != null && failures.getAndIncrement() == 0) {
        firstFailure = ex;
      }
      window.release();
    });
  }
}
