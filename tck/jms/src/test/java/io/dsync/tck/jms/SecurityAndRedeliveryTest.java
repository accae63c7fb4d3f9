package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.EmbeddedBrokers;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Authentication (6.1.1 / 10.2 JMSSecurityException) and redelivery limit with dead-letter queue. */
@DisplayName("6.1.1 Authentication and redelivery limits")
class SecurityAndRedeliveryTest extends JmsTestBase {

  @Override
  protected String brokerOptions() {
    return "users=alice:secret;bob:pw&anonymous=true&maxDeliveries=3&deadLetterQueue=DLQ";
  }

  private DsyncConnectionFactory closedBroker(String name) {
    return new DsyncConnectionFactory("vm://" + name + "?users=alice:secret&anonymous=false");
  }

  @Test
  @DisplayName("6.1.1 a configured user with the right password connects")
  void rightPassword() throws Exception {
    var c = track(factory.createConnection("alice", "secret"));
    assertThat(c.createSession()).isNotNull();
  }

  @Test
  @DisplayName("10.2 a wrong password is JMSSecurityException")
  void wrongPassword() {
    assertThatThrownBy(() -> factory.createConnection("alice", "nope")).isInstanceOf(JMSSecurityException.class);
  }

  @Test
  @DisplayName("10.2 an unknown user is JMSSecurityException")
  void unknownUser() {
    assertThatThrownBy(() -> factory.createConnection("mallory", "x")).isInstanceOf(JMSSecurityException.class);
  }

  @Test
  @DisplayName("10.2 createContext with wrong credentials is JMSSecurityRuntimeException")
  void contextWrongPassword() {
    assertThatThrownBy(() -> factory.createContext("bob", "wrong")).isInstanceOf(JMSSecurityRuntimeException.class);
  }

  @Test
  @DisplayName("6.1.1 anonymous connections are refused when the broker says so")
  void anonymousRefused() throws Exception {
    String name = brokerName + "-closed";
    try {
      var f = closedBroker(name);
      assertThatThrownBy(f::createConnection).isInstanceOf(JMSSecurityException.class).hasMessageContaining("anonymous");
      track(f.createConnection("alice", "secret"));
    } finally {
      EmbeddedBrokers.stop(name);
    }
  }

  @Test
  @DisplayName("6.1.1 anonymous connections are accepted when the broker allows them")
  void anonymousAllowed() throws Exception {
    assertThat(track(factory.createConnection()).createSession()).isNotNull();
  }

  @Test
  @DisplayName("8.7 redelivery limit: after maxDeliveries the message moves to the dead-letter queue")
  void deadLetter() throws Exception {
    sendTexts(queue, 1);
    Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
    MessageConsumer c = tx.createConsumer(queue);
    for (int i = 1; i <= 3; i++) {
      Message m = c.receive(2000);
      assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(i);
      tx.rollback();
    }
    assertThat(c.receive(200)).isNull();
    Message dead = session.createConsumer(session.createQueue("DLQ")).receive(2000);
    assertThat(dead).isNotNull();
    assertThat(dead.getStringProperty("_DSYNC_ORIGINAL_DESTINATION")).contains(queue.getQueueName());
  }

  @Test
  @DisplayName("8.7 messages under the redelivery limit stay on their queue")
  void underLimit() throws Exception {
    sendTexts(queue, 1);
    Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
    MessageConsumer c = tx.createConsumer(queue);
    c.receive(2000);
    tx.rollback();
    assertThat(c.receive(2000)).isNotNull();
    tx.commit();
    assertThat(session.createConsumer(session.createQueue("DLQ")).receive(100)).isNull();
  }
}
