package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Local transactions of a transacted session (chapter 6.2, "Transactions"). */
@DisplayName("6.2.7 Transactions")
class TransactionTest extends JmsTestBase {
  private Session tx;

  @BeforeEach
  void openTx() throws Exception {
    tx = connection.createSession(true, Session.SESSION_TRANSACTED);
  }

  @Test
  @DisplayName("6.2.7 messages sent in a transaction are invisible until commit")
  void sendsInvisibleUntilCommit() throws Exception {
    MessageProducer p = tx.createProducer(queue);
    p.send(tx.createTextMessage("a"));
    MessageConsumer c = session.createConsumer(queue);
    assertThat(c.receive(100)).isNull();
    tx.commit();
    assertThat(((TextMessage) c.receive(2000)).getText()).isEqualTo("a");
  }

  @Test
  @DisplayName("6.2.7 rollback discards the messages sent in the transaction")
  void rollbackDiscardsSends() throws Exception {
    tx.createProducer(queue).send(tx.createTextMessage("a"));
    tx.rollback();
    tx.commit();
    assertThat(session.createConsumer(queue).receive(200)).isNull();
  }

  @Test
  @DisplayName("6.2.7 received messages are acknowledged by commit")
  void commitAcknowledges() throws Exception {
    sendTexts(queue, 2);
    assertThat(drain(tx.createConsumer(queue))).hasSize(2);
    tx.commit();
    tx.close();
    assertThat(session.createConsumer(queue).receive(200)).isNull();
  }

  @Test
  @DisplayName("6.2.7 rollback redelivers received messages, with JMSRedelivered and a higher JMSXDeliveryCount")
  void rollbackRedelivers() throws Exception {
    sendTexts(queue, 1);
    MessageConsumer c = tx.createConsumer(queue);
    Message first = c.receive(2000);
    assertThat(first.getJMSRedelivered()).isFalse();
    tx.rollback();
    Message again = c.receive(2000);
    assertThat(again.getJMSMessageID()).isEqualTo(first.getJMSMessageID());
    assertThat(again.getJMSRedelivered()).isTrue();
    assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
    tx.commit();
  }

  @Test
  @DisplayName("6.2.7 closing a transacted session rolls back: received messages come back")
  void closeRollsBack() throws Exception {
    sendTexts(queue, 1);
    tx.createConsumer(queue).receive(2000);
    tx.createProducer(queue).send(tx.createTextMessage("uncommitted"));
    tx.close();
    List<Message> rest = drain(session.createConsumer(queue));
    assertThat(rest).hasSize(1);
    assertThat(((TextMessage) rest.get(0)).getText()).isEqualTo("0");
  }

  @Test
  @DisplayName("6.2.7 consume and produce commit together (consume-transform-produce)")
  void consumeProduceAtomic() throws Exception {
    var out = session.createQueue("out");
    sendTexts(queue, 1);
    Message in = tx.createConsumer(queue).receive(2000);
    tx.createProducer(out).send(tx.createTextMessage(((TextMessage) in).getText() + "!"));
    tx.commit();
    assertThat(((TextMessage) session.createConsumer(out).receive(2000)).getText()).isEqualTo("0!");
    assertThat(session.createConsumer(queue).receive(100)).isNull();
  }

  @Test
  @DisplayName("6.2.7 commit on a non-transacted session is IllegalStateException")
  void commitNotTransacted() {
    assertThatThrownBy(session::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("6.2.7 rollback on a non-transacted session is IllegalStateException")
  void rollbackNotTransacted() {
    assertThatThrownBy(session::rollback).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("6.2.7 a new transaction starts after each commit: later sends need their own commit")
  void chainedTransactions() throws Exception {
    MessageProducer p = tx.createProducer(queue);
    p.send(tx.createTextMessage("1"));
    tx.commit();
    p.send(tx.createTextMessage("2"));
    tx.rollback();
    assertThat(drain(session.createConsumer(queue))).hasSize(1);
  }

  @Test
  @DisplayName("6.2.7 many messages in one transaction are committed all at once")
  void manyInOne() throws Exception {
    MessageProducer p = tx.createProducer(queue);
    for (int i = 0; i < 500; i++) {
      p.send(tx.createTextMessage(String.valueOf(i)));
    }
    tx.commit();
    assertThat(drain(session.createConsumer(queue))).hasSize(500);
  }

  @Test
  @DisplayName("6.2.7 message.acknowledge in a transacted session has no effect; rollback still redelivers")
  void acknowledgeIgnoredInTx() throws Exception {
    sendTexts(queue, 1);
    MessageConsumer c = tx.createConsumer(queue);
    c.receive(2000).acknowledge();
    tx.rollback();
    assertThat(c.receive(2000)).isNotNull();
    tx.commit();
  }
}
