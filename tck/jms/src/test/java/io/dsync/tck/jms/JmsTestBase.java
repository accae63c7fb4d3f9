package io.dsync.tck.jms;

import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.EmbeddedBrokers;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Shared set-up of the conformance suite: every test gets its own broker, a started connection
 * and an AUTO_ACKNOWLEDGE session; everything is closed and the broker stopped afterwards.
 *
 * <p>By default the broker is embedded and in memory ({@code vm://tck-N}). With the system
 * property {@code dsync.tck.remote=true} (the {@code remote-tck} failsafe execution) every test
 * gets its own node on 127.0.0.1 with the jms service, and the suite talks to it over TCP
 * ({@code dsync://127.0.0.1:port}); the broker options of a test become node settings.
 */
abstract class JmsTestBase {
  private static final AtomicInteger BROKERS = new AtomicInteger();

  protected String brokerName;
  protected DsyncConnectionFactory factory;
  protected Connection connection;
  protected Session session;
  protected Queue queue;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** Extra URL options of the test's broker ("" for none). */
  protected String brokerOptions() {
    return "";
  }

  /** True when the suite runs against nodes over TCP. */
  protected static final boolean REMOTE = Boolean.getBoolean("dsync.tck.remote");

  private io.dsync.node.Node node;
  private java.nio.file.Path nodeDir;

  /** The URL of the test's broker with extra client options ("" for none), embedded or remote. */
  protected String url(String clientOptions) {
    String base = REMOTE ? "dsync://127.0.0.1:" + node.boundPort().orElseThrow() : "vm://" + brokerName;
    String options = REMOTE ? clientOptions : join(brokerOptions(), clientOptions);
    return options.isEmpty() ? base : base + "?" + options;
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "&" + b;
  }

  private void startNode() throws JMSException {
    try {
      nodeDir = java.nio.file.Files.createTempDirectory("tck-node");
    } catch (java.io.IOException e) {
      throw new JMSException(e.toString());
    }
    var config = io.dsync.node.NodeConfig.builder(io.dsync.cluster.NodeId.of(brokerName)).host("127.0.0.1").port(0)
        .adminPort(-1).dataDir(nodeDir).setting("jms.persistence", "memory");
    for (String kv : brokerOptions().split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      String k = kv.substring(0, kv.indexOf('='));
      String v = kv.substring(kv.indexOf('=') + 1);
      String setting = switch (k) {
        case "maxMessageBytes" -> "jms.max-message-bytes";
        case "maxDeliveries" -> "jms.redelivery.limit";
        case "deadLetterQueue" -> "jms.dead-letter-queue";
        case "users" -> "jms.users";
        case "anonymous" -> "jms.anonymous";
        case "maxQueueMessages" -> "jms.max-queue-messages";
        case "maxStoredBytes" -> "jms.max-stored-bytes";
        case "sendTimeoutMillis" -> "jms.send-timeout-millis";
        default -> throw new IllegalArgumentException("no node setting for broker option " + k);
      };
      config.setting(setting, v);
    }
    node = io.dsync.node.Node.builder(config.build()).services(java.util.List.of(new io.dsync.jms.server.JmsNodeService())).start();
  }

  @BeforeEach
  void openBroker(TestInfo info) throws JMSException {
    brokerName = "tck-" + BROKERS.incrementAndGet();
    if (REMOTE) {
      startNode();
    }
    factory = new DsyncConnectionFactory(url(""));
    connection = track(factory.createConnection());
    session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    queue = session.createQueue("q-" + info.getDisplayName().hashCode());
    connection.start();
  }

  @AfterEach
  void closeBroker() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception ignored) {
        // a test may have closed it already, or closed it on purpose in a bad state
      }
    }
    EmbeddedBrokers.stop(brokerName);
    if (node != null) {
      node.close();
      try (var files = java.nio.file.Files.walk(nodeDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Closes the resource after the test. */
  protected <T extends AutoCloseable> T track(T resource) {
    toClose.add(resource);
    return resource;
  }

  /** A new started connection to the test's broker. */
  protected Connection newConnection() throws JMSException {
    Connection c = track(factory.createConnection());
    c.start();
    return c;
  }

  /** Receives everything currently available (short timeout per message). */
  protected static List<Message> drain(MessageConsumer c) throws JMSException {
    List<Message> out = new ArrayList<>();
    Message m;
    while ((m = c.receive(200)) != null) {
      out.add(m);
    }
    return out;
  }

  /** Sends n text messages "0".."n-1" to the queue. */
  protected void sendTexts(Queue q, int n) throws JMSException {
    var p = session.createProducer(q);
    for (int i = 0; i < n; i++) {
      p.send(session.createTextMessage(String.valueOf(i)));
    }
    p.close();
  }
}
