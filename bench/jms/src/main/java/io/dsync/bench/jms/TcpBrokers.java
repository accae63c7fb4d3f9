package io.dsync.bench.jms;

import io.dsync.cluster.NodeId;
import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the two brokers under test as TCP servers on 127.0.0.1, each with a durable journal that
 * syncs before a persistent send returns, and hands out a factory whose connections go over TCP:
 * a dsync node running the {@code jms} service (Chronicle WAL, fsync always, group commit) reached
 * through {@code dsync://127.0.0.1:port}, and Artemis with a Netty acceptor (NIO journal, journal
 * buffer timeout 100 µs as in {@link Brokers}) reached through {@code tcp://127.0.0.1:port}. The
 * servers run in the benchmark JVM, but every client call crosses a loopback socket.
 */
final class TcpBrokers {
  private TcpBrokers() {}

  static Brokers.Running start(String kind, Path dir) throws Exception {
    return switch (kind) {
      case "dsync" -> dsync(dir);
      case "artemis" -> artemis(dir);
      default -> throw new IllegalArgumentException("unknown broker " + kind);
    };
  }

  private static Brokers.Running dsync(Path dir) {
    Node node = Node.builder(NodeConfig.builder(NodeId.of("bench-jms-tcp")).host("127.0.0.1").port(0).adminPort(-1)
            // diagnostic knob, never for the comparison with Artemis: -Ddsync.bench.jmsFsync=never
            // takes the disk out to measure the node's own path of a persistent send
            .dataDir(dir).setting("jms.persistence", "wal")
            .setting("jms.fsync", System.getProperty("dsync.bench.jmsFsync", "always")).build())
        .services(List.of(new JmsNodeService())).start();
    DsyncConnectionFactory f = new DsyncConnectionFactory("dsync://127.0.0.1:" + node.boundPort().orElseThrow());
    return new Brokers.Running() {
      @Override
      public ConnectionFactory factory() {
        return f;
      }

      @Override
      public void close() {
        node.close();
      }
    };
  }

  private static Brokers.Running artemis(Path dir) throws Exception {
    int port = freePort();
    return Brokers.artemis(dir, "tcp://127.0.0.1:" + port + "?protocols=CORE", "tcp://127.0.0.1:" + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
