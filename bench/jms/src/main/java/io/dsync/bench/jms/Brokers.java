package io.dsync.bench.jms;

import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.BrokerConfig;
import io.dsync.jms.server.LocalBroker;
import io.dsync.jms.wal.FsyncPolicy;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * Starts the two brokers under test, both embedded in the benchmark JVM with a durable journal
 * that syncs before a persistent send returns: dsync (Chronicle WAL, group commit, fsync
 * always) and Artemis (NIO journal, journal-buffer-timeout tuned down from its 3.3 ms default).
 */
final class Brokers {
  /** Artemis journal buffer timeout: 100 µs (its default of 3.3 ms caps a sync producer at ~280/s). */
  static final int ARTEMIS_JOURNAL_BUFFER_TIMEOUT_NANOS = 100_000;

  private Brokers() {}

  /** A started broker and a factory for it. */
  interface Running extends AutoCloseable {
    ConnectionFactory factory();

    @Override
    void close() throws Exception;
  }

  /** Starts {@code kind} (dsync|artemis) reached in this JVM ({@code vm}) or over loopback TCP ({@code tcp}). */
  static Running start(String kind, String transport, Path dir) throws Exception {
    return switch (transport) {
      case "vm" -> start(kind, dir);
      case "tcp" -> TcpBrokers.start(kind, dir);
      default -> throw new IllegalArgumentException("unknown transport " + transport + " (vm or tcp)");
    };
  }

  static Running start(String kind, Path dir) throws Exception {
    return switch (kind) {
      case "dsync" -> dsync(dir);
      case "artemis" -> artemis(dir);
      default -> throw new IllegalArgumentException("unknown broker " + kind);
    };
  }

  private static Running dsync(Path dir) {
    LocalBroker broker = LocalBroker.start(BrokerConfig.builder().name("bench").dataDir(dir).fsync(FsyncPolicy.ALWAYS).build());
    DsyncConnectionFactory f = new DsyncConnectionFactory(broker);
    return new Running() {
      @Override
      public ConnectionFactory factory() {
        return f;
      }

      @Override
      public void close() {
        broker.close();
      }
    };
  }

  private static Running artemis(Path dir) throws Exception {
    return artemis(dir, "vm://0", "vm://0");
  }

  /**
   * Artemis with a durable NIO journal in {@code dir} (buffer timeout 100 µs, security off), one
   * acceptor at {@code acceptorUrl}, and a connection factory for {@code clientUrl}.
   */
  static Running artemis(Path dir, String acceptorUrl, String clientUrl) throws Exception {
    Configuration config = new ConfigurationImpl()
        .setPersistenceEnabled(true)
        .setJournalType(JournalType.NIO)
        .setJournalDirectory(dir.resolve("journal").toString())
        .setBindingsDirectory(dir.resolve("bindings").toString())
        .setLargeMessagesDirectory(dir.resolve("large").toString())
        .setPagingDirectory(dir.resolve("paging").toString())
        .setJournalBufferTimeout_NIO(ARTEMIS_JOURNAL_BUFFER_TIMEOUT_NANOS)
        .setSecurityEnabled(false)
        .addAcceptorConfiguration("bench", acceptorUrl);
    EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    server.setConfiguration(config);
    server.start();
    org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory f =
        new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(clientUrl);
    return new Running() {
      @Override
      public ConnectionFactory factory() {
        return f;
      }

      @Override
      public void close() throws Exception {
        f.close();
        server.stop();
      }
    };
  }
}
