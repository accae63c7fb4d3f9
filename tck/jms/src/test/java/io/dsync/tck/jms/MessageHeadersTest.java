package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 3.4 "Message header fields" and 3.5.9 "JMS defined properties". */
@DisplayName("3.4 Message header fields")
class MessageHeadersTest extends JmsTestBase {

  private Message roundTrip(Message m) throws JMSException {
    MessageProducer p = session.createProducer(queue);
    p.send(m);
    return session.createConsumer(queue).receive(2000);
  }

  @Test
  @DisplayName("3.4.3 JMSMessageID: send sets an id starting with 'ID:' and the receiver sees the same id")
  void messageIdSetBySend() throws Exception {
    Message m = session.createMessage();
    Message r = roundTrip(m);
    assertThat(m.getJMSMessageID()).startsWith("ID:");
    assertThat(r.getJMSMessageID()).isEqualTo(m.getJMSMessageID());
  }

  @Test
  @DisplayName("3.4.3 JMSMessageID: every sent message gets a different id")
  void messageIdsUnique() throws Exception {
    MessageProducer p = session.createProducer(queue);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Message m = session.createMessage();
      p.send(m);
      ids.add(m.getJMSMessageID());
    }
    assertThat(ids).hasSize(200);
  }

  @Test
  @DisplayName("3.4.3 JMSMessageID: setDisableMessageID lets the provider leave the id null")
  void disableMessageId() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setDisableMessageID(true);
    assertThat(p.getDisableMessageID()).isTrue();
    p.send(session.createMessage());
    assertThat(session.createConsumer(queue).receive(2000).getJMSMessageID()).isNull();
  }

  @Test
  @DisplayName("3.4.4 JMSTimestamp: the time the message was handed to send")
  void timestampSet() throws Exception {
    long before = System.currentTimeMillis();
    Message m = session.createMessage();
    Message r = roundTrip(m);
    long after = System.currentTimeMillis();
    assertThat(r.getJMSTimestamp()).isBetween(before, after).isEqualTo(m.getJMSTimestamp());
  }

  @Test
  @DisplayName("3.4.4 JMSTimestamp: setDisableMessageTimestamp gives zero")
  void timestampDisabled() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setDisableMessageTimestamp(true);
    assertThat(p.getDisableMessageTimestamp()).isTrue();
    p.send(session.createMessage());
    assertThat(session.createConsumer(queue).receive(2000).getJMSTimestamp()).isZero();
  }

  @Test
  @DisplayName("3.4.5 JMSCorrelationID: a string correlation id arrives unchanged")
  void correlationIdString() throws Exception {
    Message m = session.createMessage();
    m.setJMSCorrelationID("order-42");
    assertThat(roundTrip(m).getJMSCorrelationID()).isEqualTo("order-42");
  }

  @Test
  @DisplayName("3.4.5 JMSCorrelationID: a byte[] correlation id arrives unchanged")
  void correlationIdBytes() throws Exception {
    Message m = session.createMessage();
    m.setJMSCorrelationIDAsBytes(new byte[] {1, 2, (byte) 200});
    assertThat(roundTrip(m).getJMSCorrelationIDAsBytes()).containsExactly(1, 2, (byte) 200);
  }

  @Test
  @DisplayName("3.4.5 JMSCorrelationID: null when not set")
  void correlationIdNull() throws Exception {
    assertThat(roundTrip(session.createMessage()).getJMSCorrelationID()).isNull();
  }

  @Test
  @DisplayName("3.4.6 JMSReplyTo: a queue set as reply-to arrives as an equal destination")
  void replyToQueue() throws Exception {
    Queue reply = session.createQueue("replies");
    Message m = session.createMessage();
    m.setJMSReplyTo(reply);
    assertThat(roundTrip(m).getJMSReplyTo()).isEqualTo(reply);
  }

  @Test
  @DisplayName("3.4.6 JMSReplyTo: a reply sent to a temporary queue reaches the requester")
  void replyToTemporaryQueue() throws Exception {
    TemporaryQueue reply = session.createTemporaryQueue();
    Message request = session.createMessage();
    request.setJMSReplyTo(reply);
    Message got = roundTrip(request);
    session.createProducer(got.getJMSReplyTo()).send(session.createTextMessage("pong"));
    assertThat(((TextMessage) session.createConsumer(reply).receive(2000)).getText()).isEqualTo("pong");
  }

  @Test
  @DisplayName("3.4.1 JMSDestination: set by send and seen by the receiver")
  void destinationSet() throws Exception {
    Message m = session.createMessage();
    Message r = roundTrip(m);
    assertThat(m.getJMSDestination()).isEqualTo(queue);
    assertThat(r.getJMSDestination()).isEqualTo(queue);
  }

  @Test
  @DisplayName("3.4.2 JMSDeliveryMode: PERSISTENT by default")
  void deliveryModeDefault() throws Exception {
    assertThat(roundTrip(session.createMessage()).getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
  }

  @Test
  @DisplayName("3.4.2 JMSDeliveryMode: NON_PERSISTENT as set on the producer")
  void deliveryModeNonPersistent() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    p.send(session.createMessage());
    assertThat(session.createConsumer(queue).receive(2000).getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
  }

  @Test
  @DisplayName("3.4.11 header values set by the client before send are replaced by send")
  void sendOverridesClientHeaders() throws Exception {
    Message m = session.createMessage();
    m.setJMSPriority(9);
    m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
    m.setJMSExpiration(12345);
    Message r = roundTrip(m);
    assertThat(r.getJMSPriority()).isEqualTo(4);
    assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
    assertThat(r.getJMSExpiration()).isZero();
  }

  @Test
  @DisplayName("3.4.7 JMSRedelivered: false on first delivery")
  void redeliveredFalseFirst() throws Exception {
    assertThat(roundTrip(session.createMessage()).getJMSRedelivered()).isFalse();
  }

  @Test
  @DisplayName("3.4.7 JMSRedelivered: true after Session.recover in CLIENT_ACKNOWLEDGE mode")
  void redeliveredAfterRecover() throws Exception {
    Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    s.createProducer(queue).send(s.createMessage());
    MessageConsumer c = s.createConsumer(queue);
    assertThat(c.receive(2000).getJMSRedelivered()).isFalse();
    s.recover();
    Message again = c.receive(2000);
    assertThat(again.getJMSRedelivered()).isTrue();
    assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
  }

  @Test
  @DisplayName("3.4.8 JMSType: arrives unchanged")
  void typeRoundTrip() throws Exception {
    Message m = session.createMessage();
    m.setJMSType("invoice");
    assertThat(roundTrip(m).getJMSType()).isEqualTo("invoice");
  }

  @Test
  @DisplayName("3.4.9 JMSExpiration: zero when the time-to-live is zero")
  void expirationZero() throws Exception {
    assertThat(roundTrip(session.createMessage()).getJMSExpiration()).isZero();
  }

  @Test
  @DisplayName("3.4.9 JMSExpiration: timestamp plus time-to-live")
  void expirationComputed() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setTimeToLive(60_000);
    assertThat(p.getTimeToLive()).isEqualTo(60_000);
    Message m = session.createMessage();
    p.send(m);
    Message r = session.createConsumer(queue).receive(2000);
    assertThat(r.getJMSExpiration()).isEqualTo(m.getJMSTimestamp() + 60_000);
  }

  @Test
  @DisplayName("3.4.10 JMSPriority: 4 by default")
  void priorityDefault() throws Exception {
    assertThat(roundTrip(session.createMessage()).getJMSPriority()).isEqualTo(4);
  }

  @Test
  @DisplayName("3.4.10 JMSPriority: as set on the producer, 0 to 9")
  void priorityFromProducer() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setPriority(7);
    p.send(session.createMessage());
    assertThat(session.createConsumer(queue).receive(2000).getJMSPriority()).isEqualTo(7);
  }

  @Test
  @DisplayName("3.4.10 JMSPriority: a priority outside 0..9 is refused")
  void priorityOutOfRange() throws Exception {
    MessageProducer p = session.createProducer(queue);
    assertThatThrownBy(() -> p.setPriority(10)).isInstanceOf(JMSException.class);
    assertThatThrownBy(() -> p.send(session.createMessage(), DeliveryMode.PERSISTENT, -1, 0)).isInstanceOf(JMSException.class);
  }

  @Test
  @DisplayName("3.4.13 JMSDeliveryTime: timestamp plus the delivery delay")
  void deliveryTime() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setDeliveryDelay(50);
    Message m = session.createMessage();
    p.send(m);
    Message r = session.createConsumer(queue).receive(5000);
    assertThat(r.getJMSDeliveryTime()).isEqualTo(m.getJMSTimestamp() + 50);
  }

  @Test
  @DisplayName("3.4.13 JMSDeliveryTime: equals the timestamp without delay")
  void deliveryTimeNoDelay() throws Exception {
    Message m = session.createMessage();
    Message r = roundTrip(m);
    assertThat(r.getJMSDeliveryTime()).isEqualTo(r.getJMSTimestamp());
  }

  @Test
  @DisplayName("3.5.9 JMSXDeliveryCount: 1 on the first delivery")
  void deliveryCountFirst() throws Exception {
    assertThat(roundTrip(session.createMessage()).getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
  }

  @Test
  @DisplayName("3.5.9 JMSXGroupID and JMSXGroupSeq arrive unchanged")
  void groupProperties() throws Exception {
    Message m = session.createMessage();
    m.setStringProperty("JMSXGroupID", "g1");
    m.setIntProperty("JMSXGroupSeq", 3);
    Message r = roundTrip(m);
    assertThat(r.getStringProperty("JMSXGroupID")).isEqualTo("g1");
    assertThat(r.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
  }

  @Test
  @DisplayName("3.5.9 JMSXGroupID must be a String and JMSXGroupSeq an int")
  void groupPropertyTypes() throws Exception {
    Message m = session.createMessage();
    assertThatThrownBy(() -> m.setIntProperty("JMSXGroupID", 1)).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> m.setStringProperty("JMSXGroupSeq", "1")).isInstanceOf(MessageFormatException.class);
  }

  @Test
  @DisplayName("3.5.9 ConnectionMetaData lists the supported JMSX properties")
  void metaDataJmsxNames() throws Exception {
    assertThat(Collections.list(connection.getMetaData().getJMSXPropertyNames()))
        .contains("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");
  }

  @Test
  @DisplayName("3.5.9 messages of one JMSXGroupID go to one consumer")
  void groupGoesToOneConsumer() throws Exception {
    MessageConsumer a = session.createConsumer(queue);
    Session s2 = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer b = s2.createConsumer(queue);
    MessageProducer p = session.createProducer(queue);
    for (int i = 0; i < 10; i++) {
      Message m = session.createMessage();
      m.setStringProperty("JMSXGroupID", "same");
      p.send(m);
    }
    int fromA = drain(a).size();
    int fromB = drain(b).size();
    assertThat(fromA == 10 || fromB == 10).as("a=%d b=%d", fromA, fromB).isTrue();
  }
}
