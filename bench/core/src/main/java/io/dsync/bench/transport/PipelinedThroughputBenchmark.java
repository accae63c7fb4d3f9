package io.dsync.bench.transport;

import io.dsync.cluster.NodeId;
import io.dsync.net.NettyTcpTransport;
import io.dsync.net.TcpTransportConfig;
import io.dsync.wire.MessageRegistry;
import java.net.InetSocketAddress;
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

/**
 * One-way messages pipelined on one connection, counted as they are delivered to the
 * receiver's handler: each operation is one send, and the sender never runs more than {@link
 * #WINDOW} messages ahead of delivery, so the score is delivered messages per second, not
 * enqueued ones. Nothing is dropped (the outbound queue bound is above the window).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.net.preferIPv4Stack=true"})
public class PipelinedThroughputBenchmark {
  static final int WINDOW = 16_384;
  private static final NodeId SERVER = NodeId.of("bench-server");
  private static final NodeId CLIENT = NodeId.of("bench-client");

  @Param({"1024"})
  public int payloadBytes;

  private NettyTcpTransport server;
  private NettyTcpTransport client;
  private Payload payload;
  private final AtomicLong received = new AtomicLong();
  private long sent;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    MessageRegistry registry = Payload.registry();
    server = new NettyTcpTransport(TcpTransportConfig.server(SERVER, "127.0.0.1", 0).withIoThreads(1), registry);
    server.start((from, message, reply) -> received.lazySet(received.get() + 1)); // one event-loop thread
    client = new NettyTcpTransport(
        TcpTransportConfig.server(CLIENT, "127.0.0.1", 0).withIoThreads(1).withOutboundQueueMessages(4 * WINDOW)
            .withPeer(SERVER, new InetSocketAddress("127.0.0.1", server.boundPort())),
        registry);
    client.start((from, message, reply) -> {});
    client.connect(SERVER).get(10, TimeUnit.SECONDS);
    payload = new Payload(new byte[payloadBytes - 4]);
  }

  @TearDown(Level.Iteration)
  public void drain() {
    while (received.get() < sent) {
      Thread.yield();
    }
    if (client.stats().dropped() != 0) {
      throw new IllegalStateException("benchmark dropped messages: " + client.stats());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
  }

  @Benchmark
  public void send() {
    while (sent - received.get() >= WINDOW) {
      Thread.yield();
    }
    client.send(SERVER, payload);
    sent++;
  }
}
