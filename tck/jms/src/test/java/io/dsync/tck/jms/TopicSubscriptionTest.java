package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Topics and subscriptions (chapters 4.2 and 8.3: non-durable, durable, shared, noLocal). */
@DisplayName("8.3 Topics and subscriptions")
class TopicSubscriptionTest extends JmsTestBase {
  private Topic topic;
  private Connection durableConn;
  private Session ds;

  @BeforeEach
  void topic() throws Exception {
    topic = session.createTopic("news");
    durableConn = track(factory.createConnection());
    durableConn.setClientID("client-1");
    durableConn.start();
    ds = durableConn.createSession();
  }

  private void publish(int n) throws JMSException {
    MessageProducer p = session.createProducer(topic);
    for (int i = 0; i < n; i++) {
      p.send(session.createTextMessage(String.valueOf(i)));
    }
  }

  @Test
  @DisplayName("4.2 every subscriber of a topic gets every message")
  void fanOut() throws Exception {
    MessageConsumer a = session.createConsumer(topic);
    MessageConsumer b = ds.createConsumer(topic);
    publish(5);
    assertThat(drain(a)).hasSize(5);
    assertThat(drain(b)).hasSize(5);
  }

  @Test
  @DisplayName("8.3.1 a non-durable subscriber does not get messages published before it existed")
  void nonDurableMissesEarlier() throws Exception {
    publish(3);
    MessageConsumer a = session.createConsumer(topic);
    publish(1);
    assertThat(drain(a)).hasSize(1);
  }

  @Test
  @DisplayName("8.3.2 a durable subscription keeps messages while its consumer is closed")
  void durableKeepsWhileInactive() throws Exception {
    TopicSubscriber sub = ds.createDurableSubscriber(topic, "s1");
    sub.close();
    publish(3);
    assertThat(drain(ds.createDurableSubscriber(topic, "s1"))).hasSize(3);
  }

  @Test
  @DisplayName("8.3.2 unsubscribe deletes the durable subscription and its messages")
  void unsubscribeDeletes() throws Exception {
    ds.createDurableSubscriber(topic, "s1").close();
    publish(2);
    ds.unsubscribe("s1");
    assertThat(drain(ds.createDurableSubscriber(topic, "s1"))).isEmpty();
  }

  @Test
  @DisplayName("8.3.2 unsubscribe while a consumer is active is a JMSException")
  void unsubscribeActive() throws Exception {
    ds.createDurableSubscriber(topic, "s1");
    assertThatThrownBy(() -> ds.unsubscribe("s1")).isInstanceOf(JMSException.class);
  }

  @Test
  @DisplayName("8.3.2 unsubscribe of an unknown name is InvalidDestinationException")
  void unsubscribeUnknown() {
    assertThatThrownBy(() -> ds.unsubscribe("nope")).isInstanceOf(InvalidDestinationException.class);
  }

  @Test
  @DisplayName("8.3.2 an unshared durable subscription needs a client id")
  void durableNeedsClientId() {
    assertThatThrownBy(() -> session.createDurableSubscriber(topic, "s1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("8.3.2 an unshared durable subscription allows only one active consumer")
  void durableOneConsumer() throws Exception {
    ds.createDurableConsumer(topic, "s1");
    Session other = durableConn.createSession();
    assertThatThrownBy(() -> other.createDurableConsumer(topic, "s1")).isInstanceOf(JMSException.class);
  }

  @Test
  @DisplayName("8.3.2 changing the selector of an inactive durable subscription replaces it (old messages dropped)")
  void durableSelectorChange() throws Exception {
    ds.createDurableSubscriber(topic, "s1").close();
    publish(2);
    MessageConsumer c = ds.createDurableSubscriber(topic, "s1", "1 = 1", false);
    assertThat(drain(c)).isEmpty();
  }

  @Test
  @DisplayName("8.3.3 a shared non-durable subscription spreads messages over its consumers")
  void sharedNonDurable() throws Exception {
    MessageConsumer a = session.createSharedConsumer(topic, "shared");
    MessageConsumer b = connection.createSession().createSharedConsumer(topic, "shared");
    MessageConsumer other = session.createConsumer(topic);
    publish(20);
    List<Message> fromA = drain(a);
    List<Message> fromB = drain(b);
    assertThat(fromA.size() + fromB.size()).isEqualTo(20);
    assertThat(drain(other)).hasSize(20);
  }

  @Test
  @DisplayName("8.3.3 a shared non-durable subscription ends with its last consumer")
  void sharedNonDurableEnds() throws Exception {
    MessageConsumer a = session.createSharedConsumer(topic, "shared");
    a.close();
    publish(2);
    assertThat(drain(session.createSharedConsumer(topic, "shared"))).isEmpty();
  }

  @Test
  @DisplayName("8.3.4 a shared durable subscription keeps messages without consumers and shares them")
  void sharedDurable() throws Exception {
    session.createSharedDurableConsumer(topic, "sd").close();
    publish(4);
    MessageConsumer a = session.createSharedDurableConsumer(topic, "sd");
    assertThat(drain(a)).hasSize(4);
  }

  @Test
  @DisplayName("8.3.4 a shared durable subscription is deleted with unsubscribe")
  void sharedDurableUnsubscribe() throws Exception {
    session.createSharedDurableConsumer(topic, "sd").close();
    session.unsubscribe("sd");
    publish(1);
    assertThat(drain(session.createSharedDurableConsumer(topic, "sd"))).isEmpty();
  }

  @Test
  @DisplayName("8.3.5 noLocal: a subscriber does not get messages published by its own connection")
  void noLocal() throws Exception {
    MessageConsumer local = session.createConsumer(topic, null, true);
    MessageConsumer remote = ds.createConsumer(topic, null, true);
    publish(3);
    assertThat(drain(local)).isEmpty();
    assertThat(drain(remote)).hasSize(3);
    assertThat(((jakarta.jms.TopicSubscriber) local).getNoLocal()).isTrue();
  }

  @Test
  @DisplayName("8.3.2 a durable subscription with a selector keeps only selected messages")
  void durableWithSelector() throws Exception {
    ds.createDurableSubscriber(topic, "sel", "n > 1", false).close();
    MessageProducer p = session.createProducer(topic);
    for (int i = 0; i < 4; i++) {
      Message m = session.createMessage();
      m.setIntProperty("n", i);
      p.send(m);
    }
    assertThat(drain(ds.createDurableSubscriber(topic, "sel", "n > 1", false))).hasSize(2);
  }

  @Test
  @DisplayName("4.2 TopicSession and TopicPublisher deliver like the unified API")
  void domainSpecificApi() throws Exception {
    var tc = track(factory.createTopicConnection());
    tc.start();
    var ts = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
    var sub = ts.createSubscriber(topic);
    ts.createPublisher(topic).publish(ts.createTextMessage("pub"));
    assertThat(((TextMessage) sub.receive(2000)).getText()).isEqualTo("pub");
    assertThat(sub.getTopic()).isEqualTo(topic);
  }

  @Test
  @DisplayName("4.2 a message published with no subscribers is dropped")
  void noSubscribers() throws Exception {
    publish(3);
    assertThat(drain(session.createConsumer(topic))).isEmpty();
  }
}
