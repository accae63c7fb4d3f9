package io.dsync.bench.transport;

import io.dsync.cluster.NodeId;
import io.dsync.net.NettyTcpTransport;
import io.dsync.net.SpinThenPark;
import io.dsync.net.TcpTransportConfig;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
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

/**
 * One request/response round trip over loopback through two {@link NettyTcpTransport}s (the
 * responder echoes), one caller thread waiting for each answer. Compare with {@link
 * PlainSocketPingPongBenchmark} of the same size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.net.preferIPv4Stack=true"})
public class TransportRoundTripBenchmark {
  private static final NodeId SERVER = NodeId.of("bench-server");
  private static final NodeId CLIENT = NodeId.of("bench-client");

  @Param({"64", "1024"})
  public int payloadBytes;

  private NettyTcpTransport server;
  private NettyTcpTransport client;
  private Payload payload;
  private final Duration timeout = Duration.ofSeconds(10);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    MessageRegistry registry = Payload.registry();
    server = new NettyTcpTransport(TcpTransportConfig.server(SERVER, "127.0.0.1", 0).withIoThreads(1), registry);
    server.start((from, message, reply) -> reply.respond(message));
    client = new NettyTcpTransport(
        TcpTransportConfig.server(CLIENT, "127.0.0.1", 0).withIoThreads(1)
            .withPeer(SERVER, new InetSocketAddress("127.0.0.1", server.boundPort())),
        registry);
    client.start((from, message, reply) -> {});
    client.connect(SERVER).get(10, TimeUnit.SECONDS);
    payload = new Payload(new byte[payloadBytes - 4]); // 4-byte array length + bytes = payloadBytes body
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
  }

  /** Spin budget of {@link #roundTripSpinThenPark}: about two plain loopback round trips. */
  static final long SPIN_NANOS = 50_000;

  /** The caller parks in {@code CompletableFuture.get()} (the default way to wait). */
  @Benchmark
  public Message roundTrip() throws Exception {
    return client.request(SERVER, payload, timeout).get();
  }

  /** The caller busy-waits up to {@link #SPIN_NANOS} before parking ({@link SpinThenPark}). */
  @Benchmark
  public Message roundTripSpinThenPark() throws Exception {
    return SpinThenPark.get(client.request(SERVER, payload, timeout), SPIN_NANOS);
  }
}
