package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A dial to a loopback port nobody listens on can connect to itself (TCP simultaneous open) when
 * the source port is that same port; the kernel picks it now and then for an ephemeral port. The
 * test forces the source port, so the self-connection happens every time.
 */
class SelfConnectTest {

  @Test
  void aDialThatConnectsToItself_failsAsAnAttempt_andFreesThePortAtOnce() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    try {
      TransportCounters counters = new TransportCounters();
      Bootstrap dialFromTheSamePort = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .localAddress("127.0.0.1", port).handler(new ConnectionHandler(null));
      PeerLink link = new PeerLink(NodeId.of("peer"), new InetSocketAddress("127.0.0.1", port),
          new OutboundQueue(16, 1 << 20, counters), dialFromTheSamePort,
          new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10)), new Random(1), counters, false);
      assertThatThrownBy(() -> link.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(ConnectException.class).hasMessageContaining("connected to itself");
      assertThat(counters.connectFailures.sum()).isEqualTo(1);
      // the peer that is to listen there can: the closed socket keeps the port only in TIME_WAIT,
      // which a listener with SO_REUSEADDR (as the transport's) may bind over
      int taken = port;
      await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
        try (ServerSocket peer = new ServerSocket()) {
          peer.setReuseAddress(true);
          peer.bind(new InetSocketAddress("127.0.0.1", taken));
          assertThat(peer.getLocalPort()).isEqualTo(taken);
        }
      });
      link.close();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
