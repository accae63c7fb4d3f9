package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.DsyncConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Persistent sends over TCP: the node runs a send's engine step on its transport thread when the
 * queue has room and answers once the WAL confirms it; a send to a full queue waits for room on a
 * thread of its own, without holding up the connection's other requests.
 */
@DisplayName("Remote (dsync://) persistent sends: answered after the WAL, flow control off the transport thread")
class RemotePersistentSendIT extends OneJmsNodeTestBase {
  @Test
  @DisplayName("8 producers on one connection: every persistent send is answered and every message is stored once")
  void concurrentProducers_everySendStored() throws Exception {
    String url = start();
    try (Connection c = new DsyncConnectionFactory(url).createConnection()) {
      c.start();
      List<CompletableFuture<Void>> producers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue("persistent-many"));
        producers.add(CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < 200; i++) {
              Message m = s.createMessage();
              m.setStringProperty("key", thread + "-" + i);
              p.send(m);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      CompletableFuture.allOf(producers.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer mc = s.createConsumer(s.createQueue("persistent-many"));
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < 1600; i++) {
        Message m = mc.receive(10_000);
        assertThat(m).as("message %d", i).isNotNull();
        assertThat(keys.add(m.getStringProperty("key"))).as("delivered once: %s", m.getStringProperty("key")).isTrue();
      }
      assertThat(mc.receiveNoWait()).isNull();
    }
  }

  @Test
  @DisplayName("10.2 a persistent send to a full queue waits on the node, then fails with ResourceAllocationException; the stored ones stay")
  void fullQueue_waitsThenRefuses() throws Exception {
    String url = start("jms.max-queue-messages", "3", "jms.send-timeout-millis", "300");
    try (Connection c = new DsyncConnectionFactory(url).createConnection()) {
      c.start();
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue q = s.createQueue("persistent-full");
      MessageProducer p = s.createProducer(q);
      for (int i = 0; i < 3; i++) {
        p.send(s.createTextMessage("stored " + i));
      }
      long start = System.nanoTime();
      assertThatThrownBy(() -> p.send(s.createTextMessage("fourth")))
          .isInstanceOf(ResourceAllocationException.class).hasMessageContaining("full");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
      MessageConsumer mc = s.createConsumer(q);
      for (int i = 0; i < 3; i++) {
        assertThat(mc.receive(5_000)).as("stored %d", i).isNotNull();
      }
      assertThat(mc.receiveNoWait()).isNull();
      p.send(s.createTextMessage("after")); // room again: the node keeps serving
      assertThat(mc.receive(5_000)).isNotNull();
    }
  }

  @Test
  @DisplayName("10.2 a persistent send blocked by a full queue completes once a consumer of the same connection makes room")
  void blockedSend_resumesWhenSameConnectionConsumes() throws Exception {
    String url = start("jms.max-queue-messages", "2", "jms.send-timeout-millis", "20000");
    try (Connection c = new DsyncConnectionFactory(url).createConnection()) {
      c.start();
      Session producerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue q = producerSession.createQueue("persistent-blocked");
      MessageProducer p = producerSession.createProducer(q);
      p.send(producerSession.createTextMessage("one"));
      p.send(producerSession.createTextMessage("two"));
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        try {
          p.send(producerSession.createTextMessage("three"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Session consumerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer mc = consumerSession.createConsumer(q);
      assertThat(mc.receive(10_000)).isNotNull(); // goes through the same connection while the send waits
      blocked.get(15, TimeUnit.SECONDS);
      assertThat(mc.receive(10_000)).isNotNull();
      assertThat(mc.receive(10_000)).isNotNull();
      assertThat(mc.receiveNoWait()).isNull();
    }
  }
}
