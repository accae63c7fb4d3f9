package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.DsyncConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Connections (6.1) and the exceptions of chapter 10 for bad input; the broker keeps running. */
@DisplayName("6.1 Connection and 10 Exceptions")
class ConnectionAndErrorsTest extends JmsTestBase {

  @Override
  protected String brokerOptions() {
    return "maxMessageBytes=65536";
  }

  @Test
  @DisplayName("6.1.2 setClientID before use; getClientID returns it")
  void clientId() throws Exception {
    Connection c = track(factory.createConnection());
    assertThat(c.getClientID()).isNull();
    c.setClientID("abc");
    assertThat(c.getClientID()).isEqualTo("abc");
  }

  @Test
  @DisplayName("6.1.2 setClientID after the connection was used is IllegalStateException")
  void clientIdTooLate() throws Exception {
    Connection c = track(factory.createConnection());
    c.createSession();
    assertThatThrownBy(() -> c.setClientID("late")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("6.1.2 setClientID twice is IllegalStateException")
  void clientIdTwice() throws Exception {
    Connection c = track(factory.createConnection());
    c.setClientID("once");
    assertThatThrownBy(() -> c.setClientID("twice")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("10.2 a client id in use by another connection is InvalidClientIDException")
  void clientIdInUse() throws Exception {
    Connection a = track(factory.createConnection());
    a.setClientID("dup");
    Connection b = track(factory.createConnection());
    assertThatThrownBy(() -> b.setClientID("dup")).isInstanceOf(InvalidClientIDException.class);
    a.close();
    b.setClientID("dup");
    assertThat(b.getClientID()).isEqualTo("dup");
  }

  @Test
  @DisplayName("10.2 an empty client id is InvalidClientIDException")
  void emptyClientId() throws Exception {
    Connection c = track(factory.createConnection());
    assertThatThrownBy(() -> c.setClientID("")).isInstanceOf(InvalidClientIDException.class);
  }

  @Test
  @DisplayName("6.1.3 ExceptionListener can be set and read back")
  void exceptionListener() throws Exception {
    jakarta.jms.ExceptionListener l = e -> { };
    connection.setExceptionListener(l);
    assertThat(connection.getExceptionListener()).isSameAs(l);
  }

  @Test
  @DisplayName("6.1.6 ConnectionMetaData: JMS 3.1, provider name and version")
  void metaData() throws Exception {
    var md = connection.getMetaData();
    assertThat(md.getJMSVersion()).isEqualTo("3.1");
    assertThat(md.getJMSProviderName()).isEqualTo("dsync");
    assertThat(md.getProviderVersion()).isNotBlank();
  }

  @Test
  @DisplayName("10.2 an oversized message is refused with a clear ResourceAllocationException; the broker keeps working")
  void oversized() throws Exception {
    MessageProducer p = session.createProducer(queue);
    assertThatThrownBy(() -> p.send(session.createTextMessage("x".repeat(100_000))))
        .isInstanceOf(ResourceAllocationException.class).hasMessageContaining("bytes");
    p.send(session.createTextMessage("small"));
    assertThat(((TextMessage) session.createConsumer(queue).receive(2000)).getText()).isEqualTo("small");
  }

  @Test
  @DisplayName("10.2 sending a null message is MessageFormatException")
  void nullMessage() throws Exception {
    MessageProducer p = session.createProducer(queue);
    assertThatThrownBy(() -> p.send(null)).isInstanceOf(MessageFormatException.class);
  }

  @Test
  @DisplayName("10.2 a consumer on a null destination is InvalidDestinationException")
  void nullDestinationConsumer() {
    assertThatThrownBy(() -> session.createConsumer(null)).isInstanceOf(InvalidDestinationException.class);
  }

  @Test
  @DisplayName("10.2 an unidentified producer sending to null is InvalidDestinationException")
  void nullDestinationSend() throws Exception {
    MessageProducer p = session.createProducer(null);
    assertThatThrownBy(() -> p.send(null, session.createMessage())).isInstanceOf(InvalidDestinationException.class);
  }

  @Test
  @DisplayName("7.2 an unidentified producer sends to the destination given on each send")
  void unidentifiedProducer() throws Exception {
    MessageProducer p = session.createProducer(null);
    p.send(queue, session.createTextMessage("to queue"));
    assertThat(session.createConsumer(queue).receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("7.2 a producer with a destination refuses send(Destination, ...) with UnsupportedOperationException")
  void identifiedProducerRefusesOtherDestination() throws Exception {
    MessageProducer p = session.createProducer(queue);
    assertThatThrownBy(() -> p.send(session.createQueue("other"), session.createMessage())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("7.2 an unidentified producer refuses send(Message) with UnsupportedOperationException")
  void unidentifiedProducerNeedsDestination() throws Exception {
    MessageProducer p = session.createProducer(null);
    assertThatThrownBy(() -> p.send(session.createMessage())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("10.2 an invalid delivery mode on send is JMSException")
  void invalidDeliveryMode() throws Exception {
    MessageProducer p = session.createProducer(queue);
    assertThatThrownBy(() -> p.setDeliveryMode(0)).isInstanceOf(JMSException.class);
    assertThatThrownBy(() -> p.send(session.createMessage(), 3, 4, 0)).isInstanceOf(JMSException.class);
  }

  @Test
  @DisplayName("10.2 an empty queue name is InvalidDestinationException")
  void emptyQueueName() {
    assertThatThrownBy(() -> session.createQueue("")).isInstanceOf(InvalidDestinationException.class);
    assertThatThrownBy(() -> session.createTopic(null)).isInstanceOf(InvalidDestinationException.class);
  }

  @Test
  @DisplayName("8.7 receive while a MessageListener is set is IllegalStateException")
  void receiveWithListener() throws Exception {
    var c = session.createConsumer(queue);
    c.setMessageListener(m -> { });
    assertThatThrownBy(() -> c.receive(10)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("5 a bad broker URL is refused with IllegalArgumentException naming it")
  void badUrl() {
    assertThatThrownBy(() -> new DsyncConnectionFactory("http://x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    assertThatThrownBy(() -> new DsyncConnectionFactory("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("5 a dsync:// URL of an unreachable node fails with a clear JMSException")
  void remoteUnreachable() {
    var f = new DsyncConnectionFactory("dsync://127.0.0.1:1");
    assertThatThrownBy(f::createConnection).isInstanceOf(JMSException.class).hasMessageContaining("cannot reach");
  }

  @Test
  @DisplayName("6.1 QueueConnectionFactory and QueueSession deliver like the unified API")
  void queueDomainApi() throws Exception {
    var qc = track(factory.createQueueConnection());
    qc.start();
    var qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
    qs.createSender(queue).send(qs.createTextMessage("q"));
    var r = qs.createReceiver(queue);
    assertThat(((TextMessage) r.receive(2000)).getText()).isEqualTo("q");
    assertThat(r.getQueue()).isEqualTo(queue);
  }

  @Test
  @DisplayName("3.12 a message of another provider is accepted and converted")
  void foreignMessage() throws Exception {
    TextMessage foreign = (TextMessage) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {TextMessage.class}, new ForeignText("from elsewhere"));
    session.createProducer(queue).send(foreign);
    assertThat(((TextMessage) session.createConsumer(queue).receive(2000)).getText()).isEqualTo("from elsewhere");
  }

  @Test
  @DisplayName("5 a factory whose embedded broker was stopped starts it again on the next connection")
  void factoryOutlivesBroker() throws Exception {
    if (factory.getBrokerURL().startsWith("dsync:")) {
      assertThat(track(factory.createConnection()).createSession()).isNotNull();
      return;
    }
    io.dsync.jms.server.EmbeddedBrokers.stop(brokerName);
    Connection c = track(factory.createConnection());
    c.start();
    Session s = c.createSession();
    s.createProducer(queue).send(s.createTextMessage("again"));
    assertThat(((TextMessage) s.createConsumer(queue).receive(2000)).getText()).isEqualTo("again");
  }

  /** A minimal foreign TextMessage. */
  static final class ForeignText implements java.lang.reflect.InvocationHandler {
    private final String text;

    ForeignText(String text) {
      this.text = text;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
      return switch (method.getName()) {
        case "getText" -> text;
        case "getPropertyNames" -> java.util.Collections.emptyEnumeration();
        case "getJMSDeliveryMode" -> 2;
        case "getJMSPriority" -> 4;
        case "getJMSExpiration", "getJMSTimestamp", "getJMSDeliveryTime" -> 0L;
        case "getJMSRedelivered" -> false;
        default -> null;
      };
    }
  }
}
