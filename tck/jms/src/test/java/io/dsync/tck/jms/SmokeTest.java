package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SmokeTest extends JmsTestBase {
  @Test
  @DisplayName("§4.1 a message sent to a queue is received once")
  void sendReceive() throws Exception {
    sendTexts(queue, 3);
    var c = session.createConsumer(queue);
    assertThat(((TextMessage) c.receive(1000)).getText()).isEqualTo("0");
    assertThat(((TextMessage) c.receive(1000)).getText()).isEqualTo("1");
    assertThat(((TextMessage) c.receive(1000)).getText()).isEqualTo("2");
    assertThat(c.receiveNoWait()).isNull();
  }

  @Test
  @DisplayName("the suite talks to the broker it says: embedded (vm://) or a node over TCP (dsync://)")
  void mode() {
    assertThat(factory.getBrokerURL()).startsWith(REMOTE ? "dsync://127.0.0.1:" : "vm://");
  }
}
