package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Temporary destinations (6.2.2) and queue browsers (8.9). */
@DisplayName("6.2.2 Temporary destinations and 8.9 QueueBrowser")
class TemporaryAndBrowserTest extends JmsTestBase {

  @Test
  @DisplayName("6.2.2 a temporary queue carries messages like a queue")
  void tempQueue() throws Exception {
    TemporaryQueue t = session.createTemporaryQueue();
    session.createProducer(t).send(session.createMessage());
    assertThat(session.createConsumer(t).receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("6.2.2 a temporary topic carries messages like a topic")
  void tempTopic() throws Exception {
    TemporaryTopic t = session.createTemporaryTopic();
    var c = session.createConsumer(t);
    session.createProducer(t).send(session.createMessage());
    assertThat(c.receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("6.2.2 only the creating connection may consume from a temporary queue")
  void tempQueueOtherConnection() throws Exception {
    TemporaryQueue t = session.createTemporaryQueue();
    Session other = newConnection().createSession();
    assertThatThrownBy(() -> other.createConsumer(t)).isInstanceOf(InvalidDestinationException.class);
    other.createProducer(t).send(other.createMessage());
    assertThat(session.createConsumer(t).receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("6.2.2 deleting a temporary queue with an open consumer is a JMSException")
  void deleteWithConsumer() throws Exception {
    TemporaryQueue t = session.createTemporaryQueue();
    var c = session.createConsumer(t);
    assertThatThrownBy(t::delete).isInstanceOf(JMSException.class);
    c.close();
    t.delete();
  }

  @Test
  @DisplayName("6.2.2 sending to a deleted temporary queue is InvalidDestinationException")
  void sendToDeleted() throws Exception {
    TemporaryQueue t = session.createTemporaryQueue();
    t.delete();
    var p = session.createProducer(t);
    assertThatThrownBy(() -> p.send(session.createMessage())).isInstanceOf(InvalidDestinationException.class);
  }

  @Test
  @DisplayName("6.2.2 temporary destinations end with their connection")
  void endWithConnection() throws Exception {
    Connection c = factory.createConnection();
    TemporaryQueue t = c.createSession().createTemporaryQueue();
    c.close();
    var p = session.createProducer(t);
    assertThatThrownBy(() -> p.send(session.createMessage())).isInstanceOf(InvalidDestinationException.class);
  }

  @Test
  @DisplayName("6.2.2 deleting a temporary topic, then publishing to it, is InvalidDestinationException")
  void deleteTempTopic() throws Exception {
    TemporaryTopic t = session.createTemporaryTopic();
    t.delete();
    var p = session.createProducer(t);
    assertThatThrownBy(() -> p.send(session.createMessage())).isInstanceOf(InvalidDestinationException.class);
  }

  @Test
  @DisplayName("8.9 a browser lists waiting messages in order without consuming them")
  void browse() throws Exception {
    sendTexts(queue, 3);
    QueueBrowser b = session.createBrowser(queue);
    assertThat(b.getQueue()).isEqualTo(queue);
    List<?> seen = Collections.list(b.getEnumeration());
    assertThat(seen).hasSize(3);
    assertThat(drain(session.createConsumer(queue))).hasSize(3);
  }

  @Test
  @DisplayName("8.9 a browser with a selector lists only selected messages")
  void browseSelector() throws Exception {
    var p = session.createProducer(queue);
    for (int i = 0; i < 4; i++) {
      Message m = session.createMessage();
      m.setIntProperty("i", i);
      p.send(m);
    }
    QueueBrowser b = session.createBrowser(queue, "i >= 2");
    assertThat(b.getMessageSelector()).isEqualTo("i >= 2");
    assertThat(Collections.list(b.getEnumeration())).hasSize(2);
  }

  @Test
  @DisplayName("8.9 browsing an empty or unknown queue gives an empty enumeration")
  void browseEmpty() throws Exception {
    assertThat(session.createBrowser(session.createQueue("nothing-here")).getEnumeration().hasMoreElements()).isFalse();
  }

  @Test
  @DisplayName("8.9 browsed messages are read-only")
  void browsedReadOnly() throws Exception {
    sendTexts(queue, 1);
    Message m = (Message) session.createBrowser(queue).getEnumeration().nextElement();
    assertThatThrownBy(() -> m.setIntProperty("x", 1)).isInstanceOf(jakarta.jms.MessageNotWriteableException.class);
  }

  @Test
  @DisplayName("6.2.2 QueueRequestor: request/reply over a temporary queue")
  void queueRequestor() throws Exception {
    var qc = track(factory.createQueueConnection());
    qc.start();
    var serverSession = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
    serverSession.createReceiver(queue).setMessageListener(m -> {
      try {
        var reply = serverSession.createTextMessage("re: " + ((jakarta.jms.TextMessage) m).getText());
        reply.setJMSCorrelationID(m.getJMSMessageID());
        serverSession.createSender(null).send((jakarta.jms.Queue) m.getJMSReplyTo(), reply);
      } catch (JMSException e) {
        throw new IllegalStateException(e);
      }
    });
    var clientSession = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
    var requestor = new jakarta.jms.QueueRequestor(clientSession, queue);
    var request = clientSession.createTextMessage("hello");
    Message reply = requestor.request(request);
    assertThat(((jakarta.jms.TextMessage) reply).getText()).isEqualTo("re: hello");
    assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
    requestor.close();
  }

  @Test
  @DisplayName("6.2.2 TopicRequestor: request/reply over a temporary topic")
  void topicRequestor() throws Exception {
    var tc = track(factory.createTopicConnection());
    tc.start();
    var topic = session.createTopic("requests");
    var serverSession = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
    serverSession.createSubscriber(topic).setMessageListener(m -> {
      try {
        serverSession.createPublisher(null).publish((jakarta.jms.Topic) m.getJMSReplyTo(), serverSession.createTextMessage("ack"));
      } catch (JMSException e) {
        throw new IllegalStateException(e);
      }
    });
    var clientSession = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
    var requestor = new jakarta.jms.TopicRequestor(clientSession, topic);
    Message reply = requestor.request(clientSession.createTextMessage("q"));
    assertThat(((jakarta.jms.TextMessage) reply).getText()).isEqualTo("ack");
    requestor.close();
  }
}
