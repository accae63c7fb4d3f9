package io.dsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.net.Backoff;
import io.dsync.net.InboundHandler;
import io.dsync.net.NettyTcpTransport;
import io.dsync.net.RecordingHandler;
import io.dsync.net.RemoteException;
import io.dsync.net.TcpTransportConfig;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.TestMessages;
import io.dsync.wire.TestMessages.Text;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterClientIT {
  private final MessageRegistry registry = TestMessages.registry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private NettyTcpTransport node(String id, InboundHandler handler) {
    NettyTcpTransport t = new NettyTcpTransport(TcpTransportConfig.server(NodeId.of(id), "127.0.0.1", 0), registry);
    toClose.add(t);
    t.start(handler);
    return t;
  }

  private ClusterClient client(ClientOptions options) {
    ClusterClient c = ClusterClient.connect(options, registry);
    toClose.add(c);
    return c;
  }

  private static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void connect_firstNodeDown_usesReachableOne() throws Exception {
    NettyTcpTransport n2 = node("node-2", RecordingHandler.echo());
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + deadPort() + ",127.0.0.1:" + n2.boundPort()));
    assertThat(c.request(new Text("hi")).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("hi"));
    assertThat(c.currentAddress().getPort()).isEqualTo(n2.boundPort());
  }

  @Test
  void connect_noNodeReachable_clearError() throws Exception {
    String url = "dsync://127.0.0.1:" + deadPort();
    assertThatThrownBy(() -> ClusterClient.connect(ClientOptions.of(url), registry))
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining("no node of " + url + " is reachable");
  }

  @Test
  void connect_peerNeverHandshakes_failsAfterConnectTimeout() throws Exception {
    try (ServerSocket mute = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      ClientOptions options = ClientOptions.of("dsync://127.0.0.1:" + mute.getLocalPort())
          .withConnectTimeout(Duration.ofMillis(300));
      assertThatThrownBy(() -> ClusterClient.connect(options, registry))
          .isInstanceOf(ClusterUnavailableException.class)
          .hasRootCauseMessage("connection to server-0 closed before its handshake");
    }
  }

  @Test
  void nodeDiesWithRequestInFlight_requestRetriedOnOtherNode() throws Exception {
    AtomicBoolean held = new AtomicBoolean();
    InboundHandler holdFirst = (from, m, reply) -> {
      if (!held.compareAndSet(false, true)) {
        reply.respond(m);
      }
    };
    NettyTcpTransport n1 = node("node-1", holdFirst);
    NettyTcpTransport n2 = node("node-2", holdFirst);
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + n1.boundPort() + ",127.0.0.1:" + n2.boundPort())
        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(20)));
    int firstPort = c.currentAddress().getPort();
    CompletableFuture<Message> f = c.request(new Text("work"));
    await().atMost(Duration.ofSeconds(10)).untilTrue(held);
    (firstPort == n1.boundPort() ? n1 : n2).close();
    // answered by the other node long before the 20 s attempt timeout
    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(new Text("work"));
    assertThat(c.currentAddress().getPort()).isNotEqualTo(firstPort);
  }

  @Test
  void manyConcurrentRequests_nodeDiesMidway_allAnswered() throws Exception {
    NettyTcpTransport n1 = node("node-1", RecordingHandler.echo());
    NettyTcpTransport n2 = node("node-2", RecordingHandler.echo());
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + n1.boundPort() + ",127.0.0.1:" + n2.boundPort())
        .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(2)));
    int firstPort = c.currentAddress().getPort();
    List<CompletableFuture<Message>> answers = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      answers.add(c.request(new TestMessages.Seq("c", i)));
      if (i == 1000) {
        (firstPort == n1.boundPort() ? n1 : n2).close();
      }
    }
    for (int i = 0; i < answers.size(); i++) {
      assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(new TestMessages.Seq("c", i));
    }
  }

  @Test
  void remoteError_notRetryable_failsAtOnce_retryable_isRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    NettyTcpTransport n = node("node-1", (from, m, reply) -> {
      if (m.equals(new Text("bad"))) {
        reply.fail("bad_request", "no");
      } else if (calls.incrementAndGet() < 3) {
        reply.fail("unavailable", "try again");
      } else {
        reply.respond(m);
      }
    });
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + n.boundPort())
        .withRetries(5, new Backoff(Duration.ofMillis(5), Duration.ofMillis(20))));
    assertThatThrownBy(() -> c.request(new Text("bad")).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(RemoteException.class).hasMessageContaining("bad_request");
    assertThat(c.request(new Text("ok")).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("ok"));
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void silentCluster_requestGivesUpWithinItsTimeout() throws Exception {
    NettyTcpTransport n = node("node-1", RecordingHandler.silent());
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + n.boundPort())
        .withTimeouts(Duration.ofMillis(600), Duration.ofMillis(100))
        .withRetries(10, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40))));
    CompletableFuture<Message> f = c.request(new Text("x"));
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining("failed after")
        .hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void push_fromNode_reachesHandler_andClientIdIsSeen() throws Exception {
    RecordingHandler atNode = RecordingHandler.echo();
    NettyTcpTransport n = node("node-1", atNode);
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + n.boundPort()));
    RecordingHandler pushes = RecordingHandler.silent();
    c.onPush(pushes);
    c.request(new Text("hello")).get(10, TimeUnit.SECONDS);
    assertThat(atNode.received.peek().from()).isEqualTo(c.clientId());
    n.send(c.clientId(), new Text("event"));
    await().atMost(Duration.ofSeconds(10)).until(() -> pushes.messages().contains(new Text("event")));
    c.send(new Text("one-way"));
    await().atMost(Duration.ofSeconds(10)).until(() -> atNode.messages().contains(new Text("one-way")));
  }

  @Test
  void requestTooLarge_failsAtOnceWithoutRetry() {
    AtomicInteger calls = new AtomicInteger();
    NettyTcpTransport n = node("node-1", (from, m, reply) -> calls.incrementAndGet());
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + n.boundPort()).withMaxFrameBytes(4096));
    CompletableFuture<Message> f = c.request(new TestMessages.Blob(new byte[10_000]));
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(io.dsync.wire.WireFormatException.class).hasMessageContaining("does not fit");
    assertThat(calls.get()).isZero();
  }

  @Test
  void closedClient_failsRequests() {
    NettyTcpTransport n = node("node-1", RecordingHandler.echo());
    ClusterClient c = client(ClientOptions.of("dsync://127.0.0.1:" + n.boundPort()));
    assertThatThrownBy(() -> c.request(new TestMessages.Unregistered(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
    assertThatThrownBy(() -> c.send(new TestMessages.Unregistered(1)))
        .isInstanceOf(IllegalArgumentException.class);
    c.close();
    assertThat(c.request(new Text("x"))).isCompletedExceptionally();
  }
}
