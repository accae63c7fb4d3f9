package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.io.Serializable;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The simplified API (chapter 6.3 JMSContext, 7.3 JMSProducer, 8.7 JMSConsumer). */
@DisplayName("6.3 JMSContext and the simplified API")
class JmsContextTest extends JmsTestBase {
  private JMSContext ctx;
  private Queue q;

  @BeforeEach
  void context() {
    ctx = factory.createContext();
    q = ctx.createQueue("ctx-q");
  }

  @AfterEach
  void closeContext() {
    ctx.close();
  }

  @Test
  @DisplayName("7.3 JMSProducer.send(String) and JMSConsumer.receiveBody(String.class)")
  void sendReceiveBody() {
    ctx.createProducer().send(q, "hello");
    assertThat(ctx.createConsumer(q).receiveBody(String.class, 2000)).isEqualTo("hello");
  }

  @Test
  @DisplayName("7.3 JMSProducer.send(Map) arrives as a MapMessage body")
  void sendMap() {
    ctx.createProducer().send(q, Map.<String, Object>of("a", 1));
    @SuppressWarnings("unchecked")
    Map<String, Object> body = ctx.createConsumer(q).receiveBody(Map.class, 2000);
    assertThat(body).containsEntry("a", 1);
  }

  @Test
  @DisplayName("7.3 JMSProducer.send(byte[]) arrives as a BytesMessage body")
  void sendBytes() {
    ctx.createProducer().send(q, new byte[] {1, 2});
    assertThat(ctx.createConsumer(q).receiveBody(byte[].class, 2000)).containsExactly(1, 2);
  }

  @Test
  @DisplayName("7.3 JMSProducer.send(Serializable) arrives as an ObjectMessage body")
  void sendObject() {
    ctx.createProducer().send(q, (Serializable) Integer.valueOf(42));
    assertThat(ctx.createConsumer(q).receiveBody(Integer.class, 2000)).isEqualTo(42);
  }

  @Test
  @DisplayName("8.7 receiveBody with a wrong type is MessageFormatRuntimeException and the message is not lost")
  void receiveBodyWrongType() {
    ctx.createProducer().send(q, "text");
    JMSConsumer c = ctx.createConsumer(q);
    assertThatThrownBy(() -> c.receiveBody(Integer.class, 2000)).isInstanceOf(MessageFormatRuntimeException.class);
    assertThat(c.receiveBody(String.class, 2000)).isEqualTo("text");
  }

  @Test
  @DisplayName("8.7 receiveBodyNoWait returns null on an empty queue")
  void receiveBodyNoWait() {
    assertThat(ctx.createConsumer(q).receiveBodyNoWait(String.class)).isNull();
  }

  @Test
  @DisplayName("7.3 JMSProducer properties are set on every message sent")
  void producerProperties() throws Exception {
    JMSProducer p = ctx.createProducer().setProperty("k", "v").setProperty("n", 5);
    assertThat(p.getPropertyNames()).containsExactlyInAnyOrder("k", "n");
    assertThat(p.getIntProperty("n")).isEqualTo(5);
    assertThat(p.getStringProperty("n")).isEqualTo("5");
    p.send(q, "x");
    Message m = ctx.createConsumer(q).receive(2000);
    assertThat(m.getBody(String.class)).isEqualTo("x");
    assertThat(m.getObjectProperty("k")).isEqualTo("v");
  }

  @Test
  @DisplayName("7.3 JMSProducer headers: correlation id, type, reply-to, priority, delivery mode")
  void producerHeaders() throws Exception {
    Queue reply = ctx.createQueue("reply");
    ctx.createProducer().setJMSCorrelationID("c").setJMSType("t").setJMSReplyTo(reply)
        .setPriority(8).setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT).send(q, "x");
    Message m = ctx.createConsumer(q).receive(2000);
    assertThat(m.getJMSCorrelationID()).isEqualTo("c");
    assertThat(m.getJMSType()).isEqualTo("t");
    assertThat(m.getJMSReplyTo()).isEqualTo(reply);
    assertThat(m.getJMSPriority()).isEqualTo(8);
    assertThat(m.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.NON_PERSISTENT);
  }

  @Test
  @DisplayName("7.3 JMSProducer: invalid priority or delivery mode is JMSRuntimeException")
  void producerBadSettings() {
    JMSProducer p = ctx.createProducer();
    assertThatThrownBy(() -> p.setPriority(11)).isInstanceOf(JMSRuntimeException.class);
    assertThatThrownBy(() -> p.setDeliveryMode(7)).isInstanceOf(JMSRuntimeException.class);
  }

  @Test
  @DisplayName("7.3 JMSProducer: invalid property name is IllegalArgumentException; clearProperties empties")
  void producerPropertyRules() {
    JMSProducer p = ctx.createProducer();
    assertThatThrownBy(() -> p.setProperty("AND", 1)).isInstanceOf(IllegalArgumentException.class);
    p.setProperty("a", 1).clearProperties();
    assertThat(p.propertyExists("a")).isFalse();
  }

  @Test
  @DisplayName("7.3 JMSProducer.send to a null destination is InvalidDestinationRuntimeException")
  void nullDestination() {
    assertThatThrownBy(() -> ctx.createProducer().send(null, "x")).isInstanceOf(InvalidDestinationRuntimeException.class);
  }

  @Test
  @DisplayName("6.3 a JMSContext starts its connection when a consumer is created (autoStart)")
  void autoStart() {
    assertThat(ctx.getAutoStart()).isTrue();
    ctx.createProducer().send(q, "x");
    assertThat(ctx.createConsumer(q).receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("6.3 with autoStart off nothing is delivered until start")
  void autoStartOff() {
    try (JMSContext c2 = factory.createContext()) {
      c2.setAutoStart(false);
      JMSConsumer consumer = c2.createConsumer(q);
      c2.createProducer().send(q, "x");
      assertThat(consumer.receive(100)).isNull();
      c2.start();
      assertThat(consumer.receive(2000)).isNotNull();
    }
  }

  @Test
  @DisplayName("6.3 a closed JMSContext refuses use with IllegalStateRuntimeException")
  void closedContext() {
    JMSContext c2 = factory.createContext();
    c2.close();
    c2.close();
    assertThatThrownBy(c2::createProducer).isInstanceOf(IllegalStateRuntimeException.class);
    assertThatThrownBy(() -> c2.createQueue("x")).isInstanceOf(IllegalStateRuntimeException.class);
  }

  @Test
  @DisplayName("6.3 createContext(mode) shares the connection; each context has its own session")
  void childContext() {
    JMSContext child = ctx.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
    assertThat(child.getSessionMode()).isEqualTo(JMSContext.CLIENT_ACKNOWLEDGE);
    JMSConsumer consumer = ctx.createConsumer(q);
    child.createProducer().send(q, "from child");
    assertThat(consumer.receiveBody(String.class, 2000)).isEqualTo("from child");
    child.close();
    ctx.createProducer().send(q, "still open");
    assertThat(consumer.receiveBody(String.class, 2000)).isEqualTo("still open");
  }

  @Test
  @DisplayName("6.3 transacted JMSContext: commit and rollback")
  void transactedContext() {
    try (JMSContext tx = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
      assertThat(tx.getTransacted()).isTrue();
      tx.createProducer().send(q, "one");
      tx.rollback();
      tx.createProducer().send(q, "two");
      tx.commit();
      assertThat(ctx.createConsumer(q).receiveBody(String.class, 2000)).isEqualTo("two");
    }
  }

  @Test
  @DisplayName("6.3 CLIENT_ACKNOWLEDGE JMSContext: acknowledge, and recover redelivers")
  void clientAckContext() {
    try (JMSContext c = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
      c.createProducer().send(q, "a");
      JMSConsumer consumer = c.createConsumer(q);
      assertThat(consumer.receiveBody(String.class, 2000)).isEqualTo("a");
      c.recover();
      Message again = consumer.receive(2000);
      assertThat(again).isNotNull();
      c.acknowledge();
    }
    assertThat(ctx.createConsumer(q).receive(100)).isNull();
  }

  @Test
  @DisplayName("6.3 an invalid session mode is JMSRuntimeException")
  void invalidMode() {
    assertThatThrownBy(() -> factory.createContext(42)).isInstanceOf(JMSRuntimeException.class);
    assertThatThrownBy(() -> ctx.createContext(42)).isInstanceOf(JMSRuntimeException.class);
  }

  @Test
  @DisplayName("6.3 setClientID on a context; a duplicate client id is InvalidClientIDRuntimeException")
  void clientId() {
    ctx.setClientID("ctx-id");
    assertThat(ctx.getClientID()).isEqualTo("ctx-id");
    try (JMSContext other = factory.createContext()) {
      assertThatThrownBy(() -> other.setClientID("ctx-id")).isInstanceOf(InvalidClientIDRuntimeException.class);
    }
  }

  @Test
  @DisplayName("6.3 durable and shared consumers through a JMSContext")
  void durableViaContext() {
    ctx.setClientID("dur-ctx");
    var t = ctx.createTopic("ctx-topic");
    ctx.createDurableConsumer(t, "d").close();
    ctx.createProducer().send(t, "kept");
    assertThat(ctx.createDurableConsumer(t, "d").receiveBody(String.class, 2000)).isEqualTo("kept");
    JMSConsumer shared = ctx.createSharedConsumer(t, "sh");
    ctx.createProducer().send(t, "shared");
    assertThat(shared.receiveBody(String.class, 2000)).isEqualTo("shared");
  }

  @Test
  @DisplayName("6.3 unsubscribe through a JMSContext")
  void unsubscribeViaContext() {
    ctx.setClientID("unsub-ctx");
    var t = ctx.createTopic("ctx-topic2");
    ctx.createDurableConsumer(t, "d").close();
    ctx.unsubscribe("d");
    ctx.createProducer().send(t, "lost");
    assertThat(ctx.createDurableConsumer(t, "d").receive(100)).isNull();
  }

  @Test
  @DisplayName("8.7 JMSConsumer with a MessageListener")
  void listener() throws Exception {
    var got = new java.util.concurrent.CompletableFuture<String>();
    ctx.createConsumer(q).setMessageListener(m -> {
      try {
        got.complete(((TextMessage) m).getText());
      } catch (Exception e) {
        got.completeExceptionally(e);
      }
    });
    ctx.createProducer().send(q, "async");
    assertThat(got.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("async");
  }

  @Test
  @DisplayName("6.3 temporary queue and browser through a JMSContext")
  void temporaryAndBrowser() throws Exception {
    var tmp = ctx.createTemporaryQueue();
    ctx.createProducer().send(tmp, "t");
    assertThat(java.util.Collections.list(ctx.createBrowser(tmp).getEnumeration())).hasSize(1);
    assertThat(ctx.createConsumer(tmp).receiveBody(String.class, 2000)).isEqualTo("t");
  }

  @Test
  @DisplayName("7.3 JMSProducer.setAsync: completion listener called")
  void asyncProducer() throws Exception {
    var done = new java.util.concurrent.CompletableFuture<Message>();
    ctx.createProducer().setAsync(new jakarta.jms.CompletionListener() {
      @Override
      public void onCompletion(Message message) {
        done.complete(message);
      }

      @Override
      public void onException(Message message, Exception exception) {
        done.completeExceptionally(exception);
      }
    }).send(q, "a");
    assertThat(done.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  @DisplayName("6.3 getMetaData reports the JMS version 3.1 and provider dsync")
  void metaData() throws Exception {
    assertThat(ctx.getMetaData().getJMSMajorVersion()).isEqualTo(3);
    assertThat(ctx.getMetaData().getJMSMinorVersion()).isEqualTo(1);
    assertThat(ctx.getMetaData().getJMSProviderName()).isEqualTo("dsync");
  }
}
