package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.DsyncConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Non-persistent sends over TCP do not wait for the node (a window of unanswered sends per
 * connection, URL option {@code sendWindow}); they still arrive in order, a later persistent send
 * or browse sees them, and a failed one reaches the ExceptionListener and the next send.
 */
@DisplayName("Remote (dsync://) non-persistent sends: asynchronous with a bounded window")
class RemoteSendWindowIT extends OneJmsNodeTestBase {
  @Test
  @DisplayName("2000 non-persistent sends through a window of 16 arrive in order, before a later persistent one")
  void nonPersistentSends_arriveInOrder() throws Exception {
    String url = start();
    try (Connection c = new DsyncConnectionFactory(url + "?sendWindow=16").createConnection()) {
      c.start();
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue q = s.createQueue("window-order");
      MessageProducer p = s.createProducer(q);
      p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      for (int i = 0; i < 2000; i++) {
        Message m = s.createMessage();
        m.setIntProperty("n", i);
        p.send(m);
      }
      Message last = s.createMessage();
      last.setIntProperty("n", 2000);
      p.send(last, DeliveryMode.PERSISTENT, 4, 0);
      assertThat(s.createBrowser(q).getEnumeration().hasMoreElements()).isTrue();
      MessageConsumer mc = s.createConsumer(q);
      for (int i = 0; i <= 2000; i++) {
        Message m = mc.receive(10_000);
        assertThat(m).as("message %d", i).isNotNull();
        assertThat(m.getIntProperty("n")).isEqualTo(i);
      }
      assertThat(mc.receiveNoWait()).isNull();
    }
  }

  @Test
  @DisplayName("a non-persistent send refused by a full queue reaches the ExceptionListener and fails the next send")
  void refusedNonPersistentSend_reportedToListenerAndNextSend() throws Exception {
    String url = start("jms.max-queue-messages", "3", "jms.send-timeout-millis", "100");
    try (Connection c = new DsyncConnectionFactory(url).createConnection()) {
      List<JMSException> heard = new CopyOnWriteArrayList<>();
      c.setExceptionListener(heard::add);
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue("window-full"));
      p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      for (int i = 0; i < 4; i++) {
        p.send(s.createTextMessage("m" + i)); // the fourth does not fit, but this call does not wait to hear it
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
      assertThat(heard.get(0)).isInstanceOf(ResourceAllocationException.class).hasMessageContaining("full");
      assertThatThrownBy(() -> p.send(s.createTextMessage("next"))).isInstanceOf(ResourceAllocationException.class);
      // reported once: the connection goes on working
      c.start();
      MessageConsumer mc = s.createConsumer(s.createQueue("window-full"));
      for (int i = 0; i < 3; i++) {
        assertThat(mc.receive(10_000)).as("stored message %d", i).isNotNull();
      }
    }
  }

  @Test
  @DisplayName("a full window blocks the next send until the node answers one (flow control)")
  void fullWindow_blocksUntilAnswered() throws Exception {
    String url = start("jms.max-queue-messages", "1", "jms.send-timeout-millis", "30000");
    DsyncConnectionFactory f = new DsyncConnectionFactory(url + "?sendWindow=1");
    try (Connection producerConnection = f.createConnection(); Connection consumerConnection = f.createConnection()) {
      Session s = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue("window-block"));
      p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      p.send(s.createTextMessage("first")); // fills the queue
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browse(consumerConnection, "window-block") == 1);
      p.send(s.createTextMessage("second")); // waits on the node for room: the window (1) is now full
      java.util.concurrent.CompletableFuture<Void> third = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          p.send(s.createTextMessage("third"));
        } catch (JMSException e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !third.isDone());
      consumerConnection.start();
      Session cs = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer mc = cs.createConsumer(cs.createQueue("window-block"));
      assertThat(((jakarta.jms.TextMessage) mc.receive(10_000)).getText()).isEqualTo("first");
      third.get(20, java.util.concurrent.TimeUnit.SECONDS); // room made: "second" answered, "third" sent
      assertThat(((jakarta.jms.TextMessage) mc.receive(10_000)).getText()).isEqualTo("second");
      assertThat(((jakarta.jms.TextMessage) mc.receive(10_000)).getText()).isEqualTo("third");
    }
  }

  private static int browse(Connection c, String queue) throws JMSException {
    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    try {
      return java.util.Collections.list(s.createBrowser(s.createQueue(queue)).getEnumeration()).size();
    } finally {
      s.close();
    }
  }

  @Test
  @DisplayName("a client window larger than the node's bound: the node refuses the excess, the stored messages stay intact")
  void windowAboveNodeBound_excessRefused() throws Exception {
    String url = start("jms.max-queue-messages", "1", "jms.send-timeout-millis", "5000");
    int bound = io.dsync.jms.remote.JmsRemoteServer.MAX_UNANSWERED_SENDS;
    try (Connection c = new DsyncConnectionFactory(url + "?sendWindow=" + (bound + 100)).createConnection()) {
      List<JMSException> heard = new CopyOnWriteArrayList<>();
      c.setExceptionListener(heard::add);
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue("window-bound"));
      p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      p.send(s.createTextMessage("stored"));
      // the queue is full: each of these waits on the node's lane until its send timeout; the
      // node refuses those beyond its bound at once, and the refusal reaches the producer either
      // through the exception listener or from a later send, whichever comes first
      try {
        for (int i = 0; i < bound + 50; i++) {
          p.send(s.createTextMessage("m" + i));
        }
      } catch (ResourceAllocationException refusedOnALaterSend) {
        heard.add(refusedOnALaterSend);
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
      assertThat(heard.get(0)).isInstanceOf(ResourceAllocationException.class).hasMessageContaining("unanswered non-persistent sends");
      try (Connection other = new DsyncConnectionFactory(url).createConnection()) {
        Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThat(java.util.Collections.list(os.createBrowser(os.createQueue("window-bound")).getEnumeration())).hasSize(1);
      }
    }
  }

  @Test
  @DisplayName("a full queue refuses the sends queued behind a refused one at once: the window drains in one send timeout")
  void fullQueue_windowDrainsInOneTimeout() throws Exception {
    String url = start("jms.max-queue-messages", "1", "jms.send-timeout-millis", "500");
    try (Connection c = new DsyncConnectionFactory(url + "?sendWindow=100").createConnection()) {
      c.setExceptionListener(e -> { });
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue("window-drain"));
      p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      p.send(s.createTextMessage("stored"));
      // one send timeout per queued message would be 100 x 0.5 s = 50 s before the window frees
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        assertThatThrownBy(() -> {
          for (int i = 0; i < 1000; i++) {
            p.send(s.createTextMessage("m" + i));
          }
        }).isInstanceOf(ResourceAllocationException.class);
        // a browse first waits until every queued send is answered
        assertThat(java.util.Collections.list(s.createBrowser(s.createQueue("window-drain")).getEnumeration())).hasSize(1);
      });
    }
  }

  @Test
  @DisplayName("sendWindow=0: a non-persistent send waits and throws the node's refusal itself")
  void zeroWindow_sendWaits() throws Exception {
    String url = start("jms.max-queue-messages", "1", "jms.send-timeout-millis", "100");
    try (Connection c = new DsyncConnectionFactory(url + "?sendWindow=0").createConnection()) {
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue("window-zero"));
      p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      p.send(s.createTextMessage("fits"));
      assertThatThrownBy(() -> p.send(s.createTextMessage("does not fit"))).isInstanceOf(ResourceAllocationException.class);
    }
  }
}
