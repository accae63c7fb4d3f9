package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.DsyncConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Producer flow control by memory (10.2 ResourceAllocationException): however many messages the
 * queues may hold, all of them together may take only {@code maxStoredBytes}; a send past it
 * waits for room, then fails, and what was stored stays intact.
 */
@DisplayName("10.2 ResourceAllocationException: the broker's memory budget")
class MemoryBudgetTest extends JmsTestBase {
  private static final int BODY = 10_000;

  @Override
  protected String brokerOptions() {
    // room for five 10 kB messages, not six; the count limit is far away
    return "maxStoredBytes=55000&maxQueueMessages=1000&sendTimeoutMillis=300";
  }

  private BytesMessage body(int i) throws Exception {
    BytesMessage m = session.createBytesMessage();
    m.writeBytes(new byte[BODY]);
    m.setIntProperty("i", i);
    return m;
  }

  private void sendBodies(MessageProducer p, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      p.send(body(i));
    }
  }

  @Test
  @DisplayName("10.2 large messages fill the memory budget before the queue's count: the send past it fails, persistent or not, and the stored ones stay")
  void budgetRefusesPastIt() throws Exception {
    MessageProducer p = session.createProducer(queue);
    sendBodies(p, 0, 5);
    assertThatThrownBy(() -> p.send(body(5))).isInstanceOf(ResourceAllocationException.class).hasMessageContaining("full")
        .hasMessageContaining("maxStoredBytes");
    // over TCP a non-persistent send is answered later unless the send window is 0
    Connection waiting = track(new DsyncConnectionFactory(url(REMOTE ? "sendWindow=0" : "")).createConnection());
    Session ws = waiting.createSession();
    MessageProducer np = ws.createProducer(queue);
    np.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    BytesMessage big = ws.createBytesMessage();
    big.writeBytes(new byte[BODY]);
    assertThatThrownBy(() -> np.send(big)).isInstanceOf(ResourceAllocationException.class);
    // a small message still fits, and another queue shares the same budget
    p.send(session.createTextMessage("small"));
    MessageProducer other = session.createProducer(session.createQueue(queue.getQueueName() + "-other"));
    assertThatThrownBy(() -> other.send(body(7))).isInstanceOf(ResourceAllocationException.class);
    List<Integer> got = new ArrayList<>();
    MessageConsumer c = session.createConsumer(queue);
    for (Message m : drain(c)) {
      got.add(m.propertyExists("i") ? m.getIntProperty("i") : -1);
    }
    assertThat(got).containsExactly(0, 1, 2, 3, 4, -1);
  }

  @Test
  @DisplayName("10.2 consuming frees the budget: sends go on afterwards")
  void consumingMakesRoom() throws Exception {
    MessageProducer p = session.createProducer(queue);
    sendBodies(p, 0, 5);
    MessageConsumer c = session.createConsumer(queue);
    assertThat(drain(c)).hasSize(5);
    sendBodies(p, 5, 10);
    assertThat(drain(c)).hasSize(5);
  }
}
