package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.TestMessages;
import io.dsync.wire.TestMessages.Text;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportMetricsIT {

  @Test
  void meters_followTransportCounters() throws Exception {
    MessageRegistry registry = TestMessages.registry();
    NodeId b = NodeId.of("node-b");
    try (NettyTcpTransport server = new NettyTcpTransport(TcpTransportConfig.server(b, "127.0.0.1", 0), registry);
        NettyTcpTransport client = new NettyTcpTransport(TcpTransportConfig.server(NodeId.of("node-a"), "127.0.0.1", 0), registry)) {
      server.start(RecordingHandler.echo());
      client.addPeer(b, new InetSocketAddress("127.0.0.1", server.boundPort()));
      client.start(RecordingHandler.silent());
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      new TransportMetrics(client).bindTo(meters);
      client.request(b, new Text("x"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
      client.send(NodeId.of("nobody"), new Text("lost"));
      assertThat(meters.get("dsync.transport.frames").tag("direction", "sent").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("dsync.transport.frames").tag("direction", "received").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("dsync.transport.dropped").tag("reason", "no_route").functionCounter().count()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("dsync.transport.connections").gauge().value() == 1);
      assertThat(meters.get("dsync.transport.requests.pending").gauge().value()).isZero();
    }
  }
}
