package io.dsync.jms.server;

import io.dsync.jms.DsyncConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;

/** Persistent text messages "queue-i" in and out of a broker through its own JMS connections, for restart tests. */
final class BrokerTexts {
  private BrokerTexts() {}

  /** Sends "queue-from" up to "queue-(to-1)", persistent, each send returning once stored. */
  static void send(LocalBroker b, String queue, int from, int to) throws Exception {
    try (Connection c = new DsyncConnectionFactory(b).createConnection()) {
      Session s = c.createSession();
      MessageProducer p = s.createProducer(s.createQueue(queue));
      p.setDeliveryMode(DeliveryMode.PERSISTENT);
      for (int i = from; i < to; i++) {
        p.send(s.createTextMessage(queue + "-" + i));
      }
    }
  }

  /** Receives (AUTO_ACKNOWLEDGE) up to {@code max} texts, stopping after half a second without one. */
  static List<String> receive(LocalBroker b, String queue, int max) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = new DsyncConnectionFactory(b).createConnection()) {
      c.start();
      Session s = c.createSession();
      MessageConsumer mc = s.createConsumer(s.createQueue(queue));
      Message m;
      while (out.size() < max && (m = mc.receive(500)) != null) {
        out.add(((TextMessage) m).getText());
      }
    }
    return out;
  }
}
