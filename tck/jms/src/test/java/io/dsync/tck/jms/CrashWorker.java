package io.dsync.tck.jms;

import io.dsync.jms.DsyncConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintStream;

/**
 * The process that {@link BrokerCrashIT} starts and kills. {@code work DIR}: an embedded broker
 * with its WAL in DIR, a producer sending persistent messages and a CLIENT_ACKNOWLEDGE consumer
 * acknowledging every tenth of its first 500 messages (and none after, so the crash finds consumed, unacknowledged ones), printing SENT after each send returned, RECV after each
 * receive, ACKING before and ACKED after each acknowledge — until it is killed. {@code drain
 * DIR}: recovers the broker and prints GOT for every message left, then exits.
 */
public final class CrashWorker {
  private static final PrintStream OUT = System.out;

  private CrashWorker() {}

  private static synchronized void say(String line) {
    OUT.println(line);
    OUT.flush();
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String dir = args[1];
    DsyncConnectionFactory f = new DsyncConnectionFactory("vm://crash?dataDir=" + dir + "&fsync=always&prefetch=16");
    Connection c = f.createConnection();
    c.start();
    if (mode.equals("drain")) {
      drain(c);
      c.close();
      say("DONE");
      System.exit(0);
    }
    Thread producer = new Thread(() -> produce(c), "producer");
    Thread consumer = new Thread(() -> consume(c), "consumer");
    producer.start();
    consumer.start();
    producer.join();
  }

  private static void produce(Connection c) {
    try {
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue q = s.createQueue("crash");
      MessageProducer p = s.createProducer(q);
      p.setDeliveryMode(DeliveryMode.PERSISTENT);
      for (int i = 0; ; i++) {
        p.send(s.createTextMessage("m-" + i));
        say("SENT m-" + i);
      }
    } catch (Exception e) {
      say("ERROR producer " + e);
    }
  }

  private static void consume(Connection c) {
    try {
      Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      MessageConsumer mc = s.createConsumer(s.createQueue("crash"));
      int n = 0;
      while (true) {
        Message m = mc.receive(10_000);
        if (m == null) {
          continue;
        }
        String text = ((TextMessage) m).getText();
        say("RECV " + text);
        if (++n % 10 == 0 && n <= 500) {
          say("ACKING " + text);
          m.acknowledge();
          say("ACKED " + text);
        }
        // a consumer a little slower than the producer, so a backlog builds up
        for (int i = 0; i < 20_000; i++) {
          Thread.onSpinWait();
        }
      }
    } catch (Exception e) {
      say("ERROR consumer " + e);
    }
  }

  private static void drain(Connection c) throws Exception {
    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer mc = s.createConsumer(s.createQueue("crash"));
    Message m;
    while ((m = mc.receive(3000)) != null) {
      say("GOT " + ((TextMessage) m).getText() + " " + m.getJMSRedelivered() + " " + m.getIntProperty("JMSXDeliveryCount"));
    }
  }
}
