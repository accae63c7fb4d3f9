package io.dsync.bench.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both benchmark brokers start with their journals, in-VM and as TCP servers, and carry a persistent 1 KiB message. */
class BrokersTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"dsync, vm", "artemis, vm", "dsync, tcp", "artemis, tcp"})
  void brokerStarts_andCarriesAPersistentMessage(String kind, String transport) throws Exception {
    try (Brokers.Running broker = Brokers.start(kind, transport, dir)) {
      try (Connection c = broker.factory().createConnection()) {
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        var q = s.createQueue("check");
        var p = s.createProducer(q);
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        BytesMessage m = s.createBytesMessage();
        m.writeBytes(new byte[JmsBenchmark.MESSAGE_BYTES]);
        p.send(m);
        BytesMessage got = (BytesMessage) s.createConsumer(q).receive(5000);
        assertThat(got).isNotNull();
        assertThat(got.getBodyLength()).isEqualTo(JmsBenchmark.MESSAGE_BYTES);
      }
    }
  }

  @Test
  void unknownTransport_refused() {
    assertThatThrownBy(() -> Brokers.start("dsync", "udp", dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown transport udp");
  }
}
