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
 * Shared set-up of the conformance suite: every test gets its own embedded in-memory broker
 * ({@code vm://tck-N}), a started connection and an AUTO_ACKNOWLEDGE session; everything is
 * closed and the broker stopped afterwards.
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

  @BeforeEach
  void openBroker(TestInfo info) throws JMSException {
    brokerName = "tck-" + BROKERS.incrementAndGet();
    String options = brokerOptions();
    factory = new DsyncConnectionFactory("vm://" + brokerName + (options.isEmpty() ? "" : "?" + options));
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
