package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sessions (chapter 6.2): acknowledge modes, recover, serial delivery, queue semantics. */
@DisplayName("6.2 Sessions and acknowledge modes")
class SessionAckModeTest extends JmsTestBase {

  private static String text(Message m) throws JMSException {
    return ((TextMessage) m).getText();
  }

  @Test
  @DisplayName("6.2.10 AUTO_ACKNOWLEDGE: a received message is not delivered again after the session closes")
  void autoAckNotRedelivered() throws Exception {
    sendTexts(queue, 1);
    Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    assertThat(s.createConsumer(queue).receive(2000)).isNotNull();
    s.close();
    assertThat(session.createConsumer(queue).receive(200)).isNull();
  }

  @Test
  @DisplayName("6.2.10 DUPS_OK_ACKNOWLEDGE: received messages are acknowledged lazily but are acknowledged")
  void dupsOk() throws Exception {
    sendTexts(queue, 3);
    Session s = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
    assertThat(drain(s.createConsumer(queue))).hasSize(3);
    s.close();
    assertThat(session.createConsumer(queue).receive(200)).isNull();
  }

  @Test
  @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: an unacknowledged message comes back redelivered after the session closes")
  void clientAckUnackedRedelivered() throws Exception {
    sendTexts(queue, 1);
    Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    assertThat(s.createConsumer(queue).receive(2000)).isNotNull();
    s.close();
    Message again = session.createConsumer(queue).receive(2000);
    assertThat(again.getJMSRedelivered()).isTrue();
    assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
  }

  @Test
  @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: acknowledging one message acknowledges every message consumed by the session")
  void clientAckAcksAllConsumed() throws Exception {
    sendTexts(queue, 3);
    Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    MessageConsumer c = s.createConsumer(queue);
    c.receive(2000);
    Message second = c.receive(2000);
    second.acknowledge();
    s.close();
    List<Message> rest = drain(session.createConsumer(queue));
    assertThat(rest).hasSize(1);
    assertThat(text(rest.get(0))).isEqualTo("2");
  }

  @Test
  @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: acknowledged messages are not delivered again")
  void clientAckDone() throws Exception {
    sendTexts(queue, 2);
    Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    List<Message> got = drain(s.createConsumer(queue));
    got.get(1).acknowledge();
    s.close();
    assertThat(session.createConsumer(queue).receive(200)).isNull();
  }

  @Test
  @DisplayName("6.2.11 recover: unacknowledged messages are redelivered in their original order with JMSRedelivered")
  void recoverRedeliversInOrder() throws Exception {
    sendTexts(queue, 3);
    Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    MessageConsumer c = s.createConsumer(queue);
    assertThat(text(c.receive(2000))).isEqualTo("0");
    assertThat(text(c.receive(2000))).isEqualTo("1");
    s.recover();
    Message a = c.receive(2000);
    Message b = c.receive(2000);
    Message d = c.receive(2000);
    assertThat(List.of(text(a), text(b), text(d))).containsExactly("0", "1", "2");
    assertThat(a.getJMSRedelivered()).isTrue();
    assertThat(b.getJMSRedelivered()).isTrue();
    assertThat(d.getJMSRedelivered()).isFalse();
  }

  @Test
  @DisplayName("6.2.11 recover on a transacted session is IllegalStateException")
  void recoverTransacted() throws Exception {
    Session s = connection.createSession(true, Session.SESSION_TRANSACTED);
    assertThatThrownBy(s::recover).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("6.2.10 acknowledge on a message of an AUTO_ACKNOWLEDGE session is ignored")
  void acknowledgeIgnoredInAuto() throws Exception {
    sendTexts(queue, 1);
    Message m = session.createConsumer(queue).receive(2000);
    m.acknowledge();
    assertThat(m).isNotNull();
  }

  @Test
  @DisplayName("6.2.10 acknowledge after the session closed is IllegalStateException")
  void acknowledgeAfterClose() throws Exception {
    sendTexts(queue, 1);
    Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    Message m = s.createConsumer(queue).receive(2000);
    s.close();
    assertThatThrownBy(m::acknowledge).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "6.2.1 getAcknowledgeMode returns the mode the session was created with: {0}")
  @ValueSource(ints = {Session.AUTO_ACKNOWLEDGE, Session.CLIENT_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE})
  void ackModeReported(int mode) throws Exception {
    Session s = connection.createSession(false, mode);
    assertThat(s.getAcknowledgeMode()).isEqualTo(mode);
    assertThat(s.getTransacted()).isFalse();
  }

  @Test
  @DisplayName("6.2.1 a transacted session reports SESSION_TRANSACTED, whatever mode was passed")
  void transactedMode() throws Exception {
    Session s = connection.createSession(true, Session.CLIENT_ACKNOWLEDGE);
    assertThat(s.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
    assertThat(s.getTransacted()).isTrue();
    assertThat(connection.createSession(Session.SESSION_TRANSACTED).getTransacted()).isTrue();
  }

  @ParameterizedTest(name = "6.2.1 an invalid acknowledge mode {0} is JMSException")
  @ValueSource(ints = {-1, 4, 99})
  void invalidAckMode(int mode) {
    assertThatThrownBy(() -> connection.createSession(false, mode)).isInstanceOf(JMSException.class);
  }

  @Test
  @DisplayName("6.2.1 createSession() with no argument is non-transacted AUTO_ACKNOWLEDGE")
  void defaultSession() throws Exception {
    Session s = connection.createSession();
    assertThat(s.getAcknowledgeMode()).isEqualTo(Session.AUTO_ACKNOWLEDGE);
  }

  @Test
  @DisplayName("8.7 AUTO_ACKNOWLEDGE: a listener that throws gets the message again, redelivered")
  void listenerThrowsRedelivered() throws Exception {
    sendTexts(queue, 1);
    List<Boolean> seen = new CopyOnWriteArrayList<>();
    Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    s.createConsumer(queue).setMessageListener(m -> {
      try {
        seen.add(m.getJMSRedelivered());
      } catch (JMSException e) {
        throw new RuntimeException(e);
      }
      if (seen.size() == 1) {
        throw new RuntimeException("first attempt fails on purpose");
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 2);
    assertThat(seen.subList(0, 2)).containsExactly(false, true);
  }

  @Test
  @DisplayName("6.2.16 listeners of one session are never called concurrently")
  void serialListeners() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger count = new AtomicInteger();
    Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    jakarta.jms.MessageListener l = m -> {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      for (int i = 0; i < 1000; i++) {
        Thread.onSpinWait();
      }
      running.decrementAndGet();
      count.incrementAndGet();
    };
    var q2 = session.createQueue("second");
    s.createConsumer(queue).setMessageListener(l);
    s.createConsumer(q2).setMessageListener(l);
    sendTexts(queue, 50);
    sendTexts(q2, 50);
    await().atMost(Duration.ofSeconds(10)).until(() -> count.get() == 100);
    assertThat(maxRunning.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("4.2 queue: with two consumers each message is delivered to exactly one")
  void queueEachOnce() throws Exception {
    Session s2 = connection.createSession();
    MessageConsumer a = session.createConsumer(queue);
    MessageConsumer b = s2.createConsumer(queue);
    sendTexts(queue, 20);
    List<Message> fromA = drain(a);
    List<Message> fromB = drain(b);
    assertThat(fromA.size() + fromB.size()).isEqualTo(20);
    assertThat(fromA).isNotEmpty();
    assertThat(fromB).isNotEmpty();
  }

  @Test
  @DisplayName("8.2 messages from one producer to one queue arrive in the order sent")
  void orderPreserved() throws Exception {
    sendTexts(queue, 100);
    List<Message> got = drain(session.createConsumer(queue));
    assertThat(got).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(text(got.get(i))).isEqualTo(String.valueOf(i));
    }
  }

  @Test
  @DisplayName("6.1.5 a stopped connection delivers nothing; start resumes delivery")
  void stopStart() throws Exception {
    Connection c = newConnection();
    Session s = c.createSession();
    MessageConsumer consumer = s.createConsumer(queue);
    c.stop();
    sendTexts(queue, 1);
    assertThat(consumer.receive(200)).isNull();
    c.start();
    assertThat(consumer.receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("8.6 prefetch: a slow consumer holds only its prefetch; others get the rest")
  void prefetchBoundsWhatAConsumerHolds() throws Exception {
    var small = new io.dsync.jms.DsyncConnectionFactory(url("prefetch=2"));
    Connection c = track(small.createConnection());
    c.start();
    Session s = c.createSession();
    MessageConsumer slow = s.createConsumer(queue);
    sendTexts(queue, 10);
    assertThat(slow.receive(2000)).isNotNull();
    List<Message> others = drain(session.createConsumer(queue));
    assertThat(others.size()).isBetween(7, 8);
  }

  @Test
  @DisplayName("6.1.5 Connection.stop waits for a running message listener to return")
  void stopWaitsForListener() throws Exception {
    java.util.concurrent.CountDownLatch inListener = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean listenerDone = new java.util.concurrent.atomic.AtomicBoolean();
    Connection c = newConnection();
    c.createSession().createConsumer(queue).setMessageListener(m -> {
      inListener.countDown();
      try {
        release.await(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      listenerDone.set(true);
    });
    sendTexts(queue, 1);
    assertThat(inListener.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    var stopped = java.util.concurrent.CompletableFuture.runAsync(() -> {
      try {
        c.stop();
      } catch (JMSException e) {
        throw new java.lang.IllegalStateException(e);
      }
    });
    await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> true);
    assertThat(stopped).isNotDone();
    release.countDown();
    stopped.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(listenerDone.get()).isTrue();
  }
}
