package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.wire.FrameCodec;
import io.dsync.wire.FrameFlags;
import io.dsync.wire.Handshake;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.TestMessages;
import io.dsync.wire.TestMessages.Text;
import io.dsync.wire.WireFuzz;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sends random and mutated bytes over real TCP connections to a listening transport while a
 * well-behaved peer keeps talking to it. Goal: the node never crashes, closes every bad
 * connection (no leak), and keeps serving the good one.
 */
class WireFuzzIT {
  private static final int CONNECTIONS = 1000;

  @Test
  void listener_fuzzedConnections_closedWhileGoodPeerKeepsWorking() throws Exception {
    long seed = Long.getLong("dsync.fuzz.seed", 424242L);
    Random random = new Random(seed);
    MessageRegistry registry = TestMessages.registry();
    WireFuzz fuzz = new WireFuzz(random, registry);
    NodeId serverId = NodeId.of("node-s");
    try (NettyTcpTransport server = new NettyTcpTransport(
            TcpTransportConfig.server(serverId, "127.0.0.1", 0).withMaxFrameBytes(64 * 1024), registry);
        NettyTcpTransport good = new NettyTcpTransport(TcpTransportConfig.server(NodeId.of("node-g"), "127.0.0.1", 0), registry)) {
      server.start(RecordingHandler.echo());
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.boundPort());
      good.addPeer(serverId, address);
      good.start(RecordingHandler.silent());
      assertThat(good.request(serverId, new Text("hello"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS))
          .isEqualTo(new Text("hello"));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnectionCount() == 1);

      byte[] handshake = handshakeFrame(registry, random);
      for (int i = 0; i < CONNECTIONS; i++) {
        try (Socket socket = new Socket()) {
          socket.connect(address, 5000);
          OutputStream out = socket.getOutputStream();
          if (random.nextInt(3) > 0) {
            out.write(handshake);
          }
          out.write(fuzz.input());
          out.flush();
        } catch (IOException e) {
          // the server may close first; that is allowed
        }
        if (i % 100 == 0) {
          Text ping = new Text("ping " + i);
          assertThat(good.request(serverId, ping, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS))
              .as("seed %d after %d fuzzed connections", seed, i)
              .isEqualTo(ping);
        }
      }
      await().atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(server.openConnectionCount()).as("seed %d", seed).isEqualTo(1));
      assertThat(server.stats().protocolErrors()).isGreaterThan(CONNECTIONS / 2);
      assertThat(good.request(serverId, new Text("bye"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS))
          .isEqualTo(new Text("bye"));
      assertThat(good.isConnected(serverId)).isTrue();
    }
  }

  private static byte[] handshakeFrame(MessageRegistry registry, Random random) {
    ByteBuf buf = Unpooled.buffer();
    FrameCodec.encode(buf, FrameFlags.ONE_WAY, 0,
        new Handshake(FrameCodec.PROTOCOL_VERSION, NodeId.of("fuzzer-" + random.nextInt(100))),
        registry, false, 1 << 20);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }
}
