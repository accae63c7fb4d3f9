package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Producer flow control (10.2 ResourceAllocationException): a full queue makes a send wait for
 * room, then fail; nothing already stored is lost and the broker keeps serving.
 */
@DisplayName("10.2 ResourceAllocationException: producer flow control")
class FlowControlTest extends JmsTestBase {

  @Override
  protected String brokerOptions() {
    return "maxQueueMessages=5&sendTimeoutMillis=300";
  }

  @Test
  @DisplayName("10.2 a send to a full queue waits, then fails with ResourceAllocationException; stored messages stay intact")
  void fullQueueRefuses() throws Exception {
    sendTexts(queue, 5);
    MessageProducer p = session.createProducer(queue);
    long start = System.currentTimeMillis();
    assertThatThrownBy(() -> p.send(session.createTextMessage("sixth"))).isInstanceOf(ResourceAllocationException.class).hasMessageContaining("full");
    assertThat(System.currentTimeMillis() - start).isGreaterThanOrEqualTo(250);
    assertThat(drain(session.createConsumer(queue))).hasSize(5);
  }

  @Test
  @DisplayName("10.2 a blocked send completes as soon as a consumer makes room")
  void blockedSendResumes() throws Exception {
    sendTexts(queue, 5);
    var producerSession = connection.createSession();
    MessageProducer p = producerSession.createProducer(queue);
    CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
      try {
        p.send(producerSession.createTextMessage("sixth"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    MessageConsumer c = session.createConsumer(queue);
    assertThat(c.receive(2000)).isNotNull();
    sent.get(5, TimeUnit.SECONDS);
    assertThat(drain(c)).hasSize(5);
  }
}
