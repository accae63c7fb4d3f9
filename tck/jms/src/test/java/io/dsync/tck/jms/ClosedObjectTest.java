package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closed-object behaviour (6.1.8 closing a connection, 6.2.15 closing a session, 8.8 closing a
 * consumer, 7 closing a producer): use after close is IllegalStateException; close is idempotent.
 */
@DisplayName("6.1.8 / 6.2.15 / 8.8 Closed objects")
class ClosedObjectTest extends JmsTestBase {

  /** One call on a closed object. */
  interface Call {
    void run(Connection c, Session s, MessageProducer p, MessageConsumer mc, QueueBrowser b) throws Exception;
  }

  static Stream<Arguments> sessionCalls() {
    return Stream.of(
        Arguments.of("createProducer", (Call) (c, s, p, mc, b) -> s.createProducer(null)),
        Arguments.of("createConsumer", (Call) (c, s, p, mc, b) -> s.createConsumer(s.createQueue("x"))),
        Arguments.of("createTextMessage", (Call) (c, s, p, mc, b) -> s.createTextMessage()),
        Arguments.of("createBytesMessage", (Call) (c, s, p, mc, b) -> s.createBytesMessage()),
        Arguments.of("createMapMessage", (Call) (c, s, p, mc, b) -> s.createMapMessage()),
        Arguments.of("createStreamMessage", (Call) (c, s, p, mc, b) -> s.createStreamMessage()),
        Arguments.of("createObjectMessage", (Call) (c, s, p, mc, b) -> s.createObjectMessage()),
        Arguments.of("createMessage", (Call) (c, s, p, mc, b) -> s.createMessage()),
        Arguments.of("createQueue", (Call) (c, s, p, mc, b) -> s.createQueue("q")),
        Arguments.of("createTopic", (Call) (c, s, p, mc, b) -> s.createTopic("t")),
        Arguments.of("createTemporaryQueue", (Call) (c, s, p, mc, b) -> s.createTemporaryQueue()),
        Arguments.of("createTemporaryTopic", (Call) (c, s, p, mc, b) -> s.createTemporaryTopic()),
        Arguments.of("createBrowser", (Call) (c, s, p, mc, b) -> s.createBrowser(s.createQueue("q"))),
        Arguments.of("getTransacted", (Call) (c, s, p, mc, b) -> s.getTransacted()),
        Arguments.of("getAcknowledgeMode", (Call) (c, s, p, mc, b) -> s.getAcknowledgeMode()),
        Arguments.of("commit", (Call) (c, s, p, mc, b) -> s.commit()),
        Arguments.of("rollback", (Call) (c, s, p, mc, b) -> s.rollback()),
        Arguments.of("recover", (Call) (c, s, p, mc, b) -> s.recover()),
        Arguments.of("unsubscribe", (Call) (c, s, p, mc, b) -> s.unsubscribe("x")),
        Arguments.of("createSharedConsumer", (Call) (c, s, p, mc, b) -> s.createSharedConsumer(s.createTopic("t"), "n")),
        Arguments.of("getMessageListener", (Call) (c, s, p, mc, b) -> s.getMessageListener()));
  }

  @ParameterizedTest(name = "6.2.15 Session.{0} after close is IllegalStateException")
  @MethodSource("sessionCalls")
  void closedSession(String name, Call call) throws Exception {
    Session s = connection.createSession();
    MessageProducer p = s.createProducer(queue);
    MessageConsumer mc = s.createConsumer(queue);
    QueueBrowser b = s.createBrowser(queue);
    s.close();
    assertThatThrownBy(() -> call.run(connection, s, p, mc, b)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "6.1.8 Session.{0} after its connection closed is IllegalStateException")
  @MethodSource("sessionCalls")
  void sessionOfClosedConnection(String name, Call call) throws Exception {
    Connection c = factory.createConnection();
    Session s = c.createSession();
    MessageProducer p = s.createProducer(queue);
    MessageConsumer mc = s.createConsumer(queue);
    QueueBrowser b = s.createBrowser(queue);
    c.close();
    assertThatThrownBy(() -> call.run(c, s, p, mc, b)).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Arguments> connectionCalls() {
    return Stream.of(
        Arguments.of("createSession", (Call) (c, s, p, mc, b) -> c.createSession()),
        Arguments.of("getClientID", (Call) (c, s, p, mc, b) -> c.getClientID()),
        Arguments.of("setClientID", (Call) (c, s, p, mc, b) -> c.setClientID("x")),
        Arguments.of("getMetaData", (Call) (c, s, p, mc, b) -> c.getMetaData()),
        Arguments.of("getExceptionListener", (Call) (c, s, p, mc, b) -> c.getExceptionListener()),
        Arguments.of("setExceptionListener", (Call) (c, s, p, mc, b) -> c.setExceptionListener(e -> { })),
        Arguments.of("start", (Call) (c, s, p, mc, b) -> c.start()),
        Arguments.of("stop", (Call) (c, s, p, mc, b) -> c.stop()));
  }

  @ParameterizedTest(name = "6.1.8 Connection.{0} after close is IllegalStateException")
  @MethodSource("connectionCalls")
  void closedConnection(String name, Call call) throws Exception {
    Connection c = factory.createConnection();
    c.close();
    assertThatThrownBy(() -> call.run(c, null, null, null, null)).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Arguments> producerCalls() {
    return Stream.of(
        Arguments.of("send", (Call) (c, s, p, mc, b) -> p.send(s.createMessage())),
        Arguments.of("getDestination", (Call) (c, s, p, mc, b) -> p.getDestination()),
        Arguments.of("setPriority", (Call) (c, s, p, mc, b) -> p.setPriority(1)),
        Arguments.of("getPriority", (Call) (c, s, p, mc, b) -> p.getPriority()),
        Arguments.of("setDeliveryMode", (Call) (c, s, p, mc, b) -> p.setDeliveryMode(1)),
        Arguments.of("setTimeToLive", (Call) (c, s, p, mc, b) -> p.setTimeToLive(1)),
        Arguments.of("setDeliveryDelay", (Call) (c, s, p, mc, b) -> p.setDeliveryDelay(1)),
        Arguments.of("setDisableMessageID", (Call) (c, s, p, mc, b) -> p.setDisableMessageID(true)));
  }

  @ParameterizedTest(name = "7 MessageProducer.{0} after close is IllegalStateException")
  @MethodSource("producerCalls")
  void closedProducer(String name, Call call) throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.close();
    assertThatThrownBy(() -> call.run(connection, session, p, null, null)).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Arguments> consumerCalls() {
    return Stream.of(
        Arguments.of("receive", (Call) (c, s, p, mc, b) -> mc.receive()),
        Arguments.of("receive(timeout)", (Call) (c, s, p, mc, b) -> mc.receive(10)),
        Arguments.of("receiveNoWait", (Call) (c, s, p, mc, b) -> mc.receiveNoWait()),
        Arguments.of("getMessageSelector", (Call) (c, s, p, mc, b) -> mc.getMessageSelector()),
        Arguments.of("setMessageListener", (Call) (c, s, p, mc, b) -> mc.setMessageListener(m -> { })),
        Arguments.of("getMessageListener", (Call) (c, s, p, mc, b) -> mc.getMessageListener()));
  }

  @ParameterizedTest(name = "8.8 MessageConsumer.{0} after close is IllegalStateException")
  @MethodSource("consumerCalls")
  void closedConsumer(String name, Call call) throws Exception {
    MessageConsumer mc = session.createConsumer(queue);
    mc.close();
    assertThatThrownBy(() -> call.run(connection, session, null, mc, null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("8.9 QueueBrowser.getEnumeration after close is IllegalStateException")
  void closedBrowser() throws Exception {
    QueueBrowser b = session.createBrowser(queue);
    b.close();
    assertThatThrownBy(b::getEnumeration).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("6.1.8 closing twice is allowed for connection, session, producer, consumer and browser")
  void closeIdempotent() throws Exception {
    Connection c = factory.createConnection();
    Session s = c.createSession();
    MessageProducer p = s.createProducer(queue);
    MessageConsumer mc = s.createConsumer(queue);
    QueueBrowser b = s.createBrowser(queue);
    for (int i = 0; i < 2; i++) {
      assertThatCode(b::close).doesNotThrowAnyException();
      assertThatCode(mc::close).doesNotThrowAnyException();
      assertThatCode(p::close).doesNotThrowAnyException();
      assertThatCode(s::close).doesNotThrowAnyException();
      assertThatCode(c::close).doesNotThrowAnyException();
    }
  }

  @Test
  @DisplayName("8.8 closing a consumer makes a blocked receive return null")
  void closeUnblocksReceive() throws Exception {
    MessageConsumer mc = session.createConsumer(queue);
    CompletableFuture<Object> r = CompletableFuture.supplyAsync(() -> {
      try {
        return java.util.Optional.ofNullable(mc.receive());
      } catch (Exception e) {
        return e;
      }
    });
    org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(100)).until(() -> true);
    mc.close();
    assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo(java.util.Optional.empty());
  }

  @Test
  @DisplayName("6.1.8 closing a connection makes a blocked receive return null")
  void connectionCloseUnblocksReceive() throws Exception {
    Connection c = newConnection();
    MessageConsumer mc = c.createSession().createConsumer(queue);
    CompletableFuture<Object> r = CompletableFuture.supplyAsync(() -> {
      try {
        return java.util.Optional.ofNullable(mc.receive());
      } catch (Exception e) {
        return e;
      }
    });
    org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(100)).until(() -> true);
    c.close();
    assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo(java.util.Optional.empty());
  }

  @Test
  @DisplayName("8.8 a consumer closed with prefetched messages gives them back to the queue")
  void closeReturnsPrefetched() throws Exception {
    MessageConsumer a = session.createConsumer(queue);
    sendTexts(queue, 5);
    a.close();
    assertThat(drain(session.createConsumer(queue))).hasSize(5);
  }

  @Test
  @DisplayName("6.2.15 a message listener must not close its own session: IllegalStateException")
  void listenerClosesOwnSession() throws Exception {
    Session s = connection.createSession();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    s.createConsumer(queue).setMessageListener(m -> {
      try {
        s.close();
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    sendTexts(queue, 1);
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("6.1.8 a message listener must not stop or close its own connection: IllegalStateException")
  void listenerStopsOwnConnection() throws Exception {
    CompletableFuture<Throwable> stop = new CompletableFuture<>();
    CompletableFuture<Throwable> close = new CompletableFuture<>();
    session.createConsumer(queue).setMessageListener(m -> {
      try {
        connection.stop();
        stop.complete(null);
      } catch (Throwable t) {
        stop.complete(t);
      }
      try {
        connection.close();
        close.complete(null);
      } catch (Throwable t) {
        close.complete(t);
      }
    });
    sendTexts(queue, 1);
    assertThat(stop.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    assertThat(close.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("8.8 a listener may close its own consumer")
  void listenerClosesOwnConsumer() throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    MessageConsumer[] holder = new MessageConsumer[1];
    holder[0] = session.createConsumer(queue);
    holder[0].setMessageListener(m -> {
      try {
        holder[0].close();
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    sendTexts(queue, 1);
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isNull();
  }
}
