package io.dsync.bench.jmstcp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both benchmark brokers start with their journals on TCP acceptors and carry a persistent 1 KiB message. */
class TcpBrokersTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"dsync", "artemis"})
  void brokerStarts_andCarriesAPersistentMessage(String kind) throws Exception {
    try (TcpBrokers.Running broker = TcpBrokers.start(kind, dir)) {
      try (Connection c = broker.factory().createConnection()) {
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        var q = s.createQueue("check");
        var p = s.createProducer(q);
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        BytesMessage m = s.createBytesMessage();
        m.writeBytes(new byte[JmsTcpBenchmark.MESSAGE_BYTES]);
        p.send(m);
        BytesMessage got = (BytesMessage) s.createConsumer(q).receive(5000);
        assertThat(got).isNotNull();
        assertThat(got.getBodyLength()).isEqualTo(JmsTcpBenchmark.MESSAGE_BYTES);
      }
    }
  }
}
