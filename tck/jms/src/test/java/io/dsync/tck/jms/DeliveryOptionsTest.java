package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sending (chapter 7): delivery delay, time-to-live and expiry, priority, asynchronous send. */
@DisplayName("7 Sending messages: delay, expiry, priority, async")
class DeliveryOptionsTest extends JmsTestBase {

  @Test
  @DisplayName("7.9 delivery delay: a delayed message is not delivered before its delivery time")
  void deliveryDelayHolds() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setDeliveryDelay(400);
    assertThat(p.getDeliveryDelay()).isEqualTo(400);
    long sent = System.currentTimeMillis();
    p.send(session.createMessage());
    MessageConsumer c = session.createConsumer(queue);
    assertThat(c.receive(100)).isNull();
    Message m = c.receive(5000);
    assertThat(m).isNotNull();
    assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(400);
  }

  @Test
  @DisplayName("7.9 delivery delay: undelayed messages overtake delayed ones")
  void delayedOvertaken() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setDeliveryDelay(300);
    p.send(session.createTextMessage("late"));
    p.setDeliveryDelay(0);
    p.send(session.createTextMessage("early"));
    MessageConsumer c = session.createConsumer(queue);
    assertThat(((jakarta.jms.TextMessage) c.receive(2000)).getText()).isEqualTo("early");
    assertThat(((jakarta.jms.TextMessage) c.receive(5000)).getText()).isEqualTo("late");
  }

  @Test
  @DisplayName("7.9 delivery delay on a topic: subscribers get the message after the delay")
  void delayOnTopic() throws Exception {
    var t = session.createTopic("delayed");
    MessageConsumer c = session.createConsumer(t);
    MessageProducer p = session.createProducer(t);
    p.setDeliveryDelay(200);
    p.send(session.createMessage());
    assertThat(c.receive(50)).isNull();
    assertThat(c.receive(5000)).isNotNull();
  }

  @Test
  @DisplayName("7.8 time-to-live: an expired message is not delivered")
  void expiredNotDelivered() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setTimeToLive(50);
    p.send(session.createTextMessage("short-lived"));
    p.setTimeToLive(0);
    p.send(session.createTextMessage("forever"));
    await(120);
    List<Message> got = drain(session.createConsumer(queue));
    assertThat(got).hasSize(1);
    assertThat(((jakarta.jms.TextMessage) got.get(0)).getText()).isEqualTo("forever");
  }

  @Test
  @DisplayName("7.8 time-to-live: a message that expires in the consumer's prefetch buffer is not returned")
  void expiresInPrefetch() throws Exception {
    MessageConsumer c = session.createConsumer(queue);
    MessageProducer p = session.createProducer(queue);
    p.setTimeToLive(50);
    p.send(session.createMessage());
    await(120);
    assertThat(c.receiveNoWait()).isNull();
  }

  @Test
  @DisplayName("7.8 time-to-live: a message within its lifetime is delivered")
  void notYetExpired() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setTimeToLive(60_000);
    p.send(session.createMessage());
    assertThat(session.createConsumer(queue).receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("7.6 priority: waiting messages are delivered highest priority first")
  void priorityOrder() throws Exception {
    MessageProducer p = session.createProducer(queue);
    int[] prios = {1, 9, 4, 0, 7};
    for (int prio : prios) {
      Message m = session.createMessage();
      p.send(m, DeliveryMode.PERSISTENT, prio, 0);
    }
    List<Message> got = drain(session.createConsumer(queue));
    assertThat(got).extracting(Message::getJMSPriority).containsExactly(9, 7, 4, 1, 0);
  }

  @Test
  @DisplayName("7.6 priority: equal priorities keep the order sent")
  void samePriorityFifo() throws Exception {
    MessageProducer p = session.createProducer(queue);
    for (int i = 0; i < 5; i++) {
      Message m = session.createMessage();
      m.setIntProperty("i", i);
      p.send(m, DeliveryMode.NON_PERSISTENT, 5, 0);
    }
    assertThat(drain(session.createConsumer(queue))).extracting(m -> m.getIntProperty("i")).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  @DisplayName("7.3 asynchronous send: the CompletionListener is called with the sent message")
  void asyncSend() throws Exception {
    MessageProducer p = session.createProducer(queue);
    CompletableFuture<Message> done = new CompletableFuture<>();
    Message m = session.createTextMessage("async");
    p.send(m, new CompletionListener() {
      @Override
      public void onCompletion(Message message) {
        done.complete(message);
      }

      @Override
      public void onException(Message message, Exception exception) {
        done.completeExceptionally(exception);
      }
    });
    assertThat(done.get(5, TimeUnit.SECONDS)).isSameAs(m);
    assertThat(session.createConsumer(queue).receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("7.3 asynchronous send: completions of one session come in send order")
  void asyncOrder() throws Exception {
    MessageProducer p = session.createProducer(queue);
    List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> all = new CompletableFuture<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      p.send(session.createMessage(), new CompletionListener() {
        @Override
        public void onCompletion(Message message) {
          order.add(n);
          if (order.size() == 50) {
            all.complete(null);
          }
        }

        @Override
        public void onException(Message message, Exception exception) {
          all.completeExceptionally(exception);
        }
      });
    }
    all.get(10, TimeUnit.SECONDS);
    assertThat(order).isSorted().hasSize(50);
  }

  @Test
  @DisplayName("7.3 asynchronous send failure goes to onException (oversized message)")
  void asyncFailure() throws Exception {
    var small = new io.dsync.jms.DsyncConnectionFactory("vm://small-" + brokerName + "?maxMessageBytes=2000");
    var c = track(small.createConnection());
    var s = c.createSession();
    MessageProducer p = s.createProducer(s.createQueue("q"));
    CompletableFuture<Exception> failed = new CompletableFuture<>();
    try {
      p.send(s.createTextMessage("x".repeat(10_000)), new CompletionListener() {
        @Override
        public void onCompletion(Message message) {
          failed.complete(null);
        }

        @Override
        public void onException(Message message, Exception exception) {
          failed.complete(exception);
        }
      });
      assertThat(failed.get(5, TimeUnit.SECONDS)).isInstanceOf(JMSException.class);
    } catch (JMSException rejectedAtOnce) {
      assertThat(rejectedAtOnce).hasMessageContaining("bytes");
    }
    io.dsync.jms.server.EmbeddedBrokers.stop("small-" + brokerName);
  }

  @Test
  @DisplayName("7.4 NON_PERSISTENT messages are delivered like persistent ones")
  void nonPersistentDelivered() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    p.send(session.createMessage());
    assertThat(session.createConsumer(queue).receive(2000).getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
  }

  @Test
  @DisplayName("7.3 a CompletionListener must not close its own session, producer or connection: IllegalStateException")
  void completionListenerMustNotClose() throws Exception {
    jakarta.jms.Session s = connection.createSession();
    MessageProducer p = s.createProducer(queue);
    CompletableFuture<List<Throwable>> outcome = new CompletableFuture<>();
    p.send(s.createMessage(), new CompletionListener() {
      @Override
      public void onCompletion(Message message) {
        List<Throwable> errors = new java.util.ArrayList<>();
        while (errors.size() < 3) {
          try {
            switch (errors.size()) {
              case 0 -> s.close();
              case 1 -> p.close();
              default -> connection.close();
            }
            errors.add(null);
          } catch (Throwable t) {
            errors.add(t);
          }
        }
        outcome.complete(errors);
      }

      @Override
      public void onException(Message message, Exception exception) {
        outcome.completeExceptionally(exception);
      }
    });
    assertThat(outcome.get(5, TimeUnit.SECONDS)).allSatisfy(t -> assertThat(t).isInstanceOf(jakarta.jms.IllegalStateException.class));
    s.close();
  }

  private static void await(long millis) {
    org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(millis)).until(() -> true);
  }
}
