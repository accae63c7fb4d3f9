package io.dsync.bench.raft;

import io.dsync.raft.RaftNode;
import io.dsync.raft.kv.KvCommands;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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
 * Committed Raft commands per second on three nodes on 127.0.0.1 (TCP transport, fsync on by
 * default): each call submits a 1 KiB put on the leader and waits until it is committed and
 * applied there. 1, 16 and 64 concurrent clients (threads); latency percentiles at 1 client in
 * {@link #commitLatency_1client}. Compare with {@link FloorBenchmark} (one 1 KiB append + fsync,
 * a loopback round trip): one commit costs at least one fsync on the leader and on a follower
 * plus one round trip, and group commit shares fsyncs between concurrent clients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.net.preferIPv4Stack=true"})
public class RaftCommitBenchmark {

  /** {@code always} (durable) or {@code never} (unsafe; shows the cost of fsync). */
  @Param({"always"})
  public String fsync;

  private RaftCluster cluster;
  private RaftNode leader;
  private final byte[] value = new byte[1024];

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    cluster = new RaftCluster(fsync);
    leader = cluster.leader();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cluster.close();
  }

  /** One client's key, so clients do not contend on one map entry (Raft orders them anyway). */
  @State(Scope.Thread)
  public static class Client {
    final String key = "key-" + Thread.currentThread().getId();
  }

  private byte[] commit(Client c) {
    return leader.submit(KvCommands.put(c.key, value)).join();
  }

  @Benchmark
  @Threads(1)
  public byte[] commit_1client(Client c) {
    return commit(c);
  }

  @Benchmark
  @Threads(16)
  public byte[] commit_16clients(Client c) {
    return commit(c);
  }

  @Benchmark
  @Threads(64)
  public byte[] commit_64clients(Client c) {
    return commit(c);
  }

  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] commitLatency_1client(Client c) {
    return commit(c);
  }
}
