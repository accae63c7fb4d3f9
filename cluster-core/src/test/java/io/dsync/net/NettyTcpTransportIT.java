package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.TestMessages;
import io.dsync.wire.TestMessages.Blob;
import io.dsync.wire.TestMessages.Seq;
import io.dsync.wire.TestMessages.Text;
import io.dsync.wire.WireFormatException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyTcpTransportIT {
  private static final NodeId A = NodeId.of("node-a");
  private static final NodeId B = NodeId.of("node-b");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MessageRegistry registry = TestMessages.registry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private NettyTcpTransport server(NodeId id, InboundHandler handler) {
    return server(TcpTransportConfig.server(id, "127.0.0.1", 0), handler);
  }

  private NettyTcpTransport server(TcpTransportConfig config, InboundHandler handler) {
    NettyTcpTransport t = new NettyTcpTransport(config, registry);
    toClose.add(t);
    t.start(handler);
    return t;
  }

  private static InetSocketAddress at(NettyTcpTransport t) {
    return new InetSocketAddress("127.0.0.1", t.boundPort());
  }

  /** A started pair: a dials b. */
  private NettyTcpTransport[] pair(InboundHandler handlerA, InboundHandler handlerB) {
    NettyTcpTransport b = server(B, handlerB);
    NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0).withPeer(B, at(b)), handlerA);
    b.addPeer(A, at(a));
    return new NettyTcpTransport[] {a, b};
  }

  @Test
  void request_echoPeer_completesWithResponse() throws Exception {
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), RecordingHandler.echo());
    Message answer = t[0].request(B, new Text("ping"), WAIT).get(10, TimeUnit.SECONDS);
    assertThat(answer).isEqualTo(new Text("ping"));
    assertThat(t[0].isConnected(B)).isTrue();
  }

  @Test
  void send_manyMessages_arriveInOrderWithSenderId() {
    RecordingHandler atB = RecordingHandler.silent();
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), atB);
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      t[0].send(B, new Seq("a", i));
    }
    await().atMost(WAIT).until(() -> atB.received.size() == n);
    List<RecordingHandler.Received> got = new ArrayList<>(atB.received);
    for (int i = 0; i < n; i++) {
      assertThat(got.get(i).from()).isEqualTo(A);
      assertThat(((Seq) got.get(i).message()).number()).isEqualTo(i);
    }
    assertThat(t[0].stats().dropped()).isZero();
    // flush coalescing: many frames per flush, not one flush per message
    assertThat(t[0].stats().framesSent()).isGreaterThanOrEqualTo(n);
    assertThat(t[0].stats().flushes()).isLessThan(n / 2);
  }

  @Test
  void request_bothDirections_useSeparateConnections() throws Exception {
    NettyTcpTransport[] t = pair(RecordingHandler.echo(), RecordingHandler.echo());
    assertThat(t[0].request(B, new Text("x"), WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("x"));
    assertThat(t[1].request(A, new Text("y"), WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("y"));
    await().atMost(WAIT).until(() -> t[0].openConnectionCount() == 2 && t[1].openConnectionCount() == 2);
  }

  @Test
  void request_peerFails_completesWithRemoteException() {
    InboundHandler failing = (from, m, reply) -> reply.fail("not_leader", "ask node-c");
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), failing);
    CompletableFuture<Message> f = t[0].request(B, new Text("x"), WAIT);
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RemoteException.class)
        .satisfies(e -> assertThat(((RemoteException) e).errorCode()).isEqualTo("not_leader"))
        .hasMessageContaining("ask node-c");
  }

  @Test
  void request_handlerThrows_failsWithInternalError() {
    InboundHandler throwing = (from, m, reply) -> {
      throw new IllegalStateException("bug");
    };
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), throwing);
    CompletableFuture<Message> f = t[0].request(B, new Text("x"), WAIT);
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(RemoteException.class)
        .satisfies(e -> assertThat(((RemoteException) e).errorCode()).isEqualTo("internal"));
  }

  @Test
  void request_unanswered_timesOut() {
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), RecordingHandler.silent());
    CompletableFuture<Message> f = t[0].request(B, new Text("x"), Duration.ofMillis(200));
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
    assertThat(t[0].pendingRequestCount()).isZero();
  }

  @Test
  void request_unknownPeer_timesOutAndCountsDrop() {
    NettyTcpTransport a = server(A, RecordingHandler.silent());
    CompletableFuture<Message> f = a.request(NodeId.of("nobody"), new Text("x"), Duration.ofMillis(100));
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
    assertThat(a.stats().droppedNoRoute()).isEqualTo(1);
    assertThat(a.isWritable(NodeId.of("nobody"))).isFalse();
  }

  @Test
  void send_unregisteredClass_failsFast() {
    NettyTcpTransport a = server(A, RecordingHandler.silent());
    assertThatThrownBy(() -> a.send(B, new TestMessages.Unregistered(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not registered");
  }

  @Test
  void peerRestart_sameAddress_reconnectsAndDelivers() throws Exception {
    RecordingHandler atA = RecordingHandler.silent();
    NettyTcpTransport[] t = pair(atA, RecordingHandler.echo());
    assertThat(t[0].request(B, new Text("before"), WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("before"));
    int port = t[1].boundPort();
    t[1].close();
    await().atMost(WAIT).until(() -> atA.disconnected.contains(B));
    RecordingHandler atB2 = RecordingHandler.echo();
    NettyTcpTransport b2 = server(TcpTransportConfig.server(B, "127.0.0.1", port), atB2);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      try {
        return t[0].request(B, new Text("after"), Duration.ofMillis(500)).get().equals(new Text("after"));
      } catch (ExecutionException e) {
        return false;
      }
    });
    assertThat(b2.openConnectionCount()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void peerMovesToNewPort_addPeerUpdatesAddress() throws Exception {
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), RecordingHandler.echo());
    assertThat(t[0].request(B, new Text("old"), WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("old"));
    t[1].close();
    NettyTcpTransport moved = server(B, RecordingHandler.echo());
    t[0].addPeer(B, at(moved));
    assertThat(t[0].peers()).containsEntry(B, at(moved));
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      try {
        return t[0].request(B, new Text("new"), Duration.ofMillis(500)).get().equals(new Text("new"));
      } catch (ExecutionException e) {
        return false;
      }
    });
  }

  @Test
  void connect_peerDown_failsThenBacksOff() {
    int freePort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0)
        .withPeer(B, new InetSocketAddress("127.0.0.1", freePort)), RecordingHandler.silent());
    assertThatThrownBy(() -> a.connect(B).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(java.net.ConnectException.class).hasMessageContaining("node-b");
    await().atMost(WAIT).until(() -> a.stats().connectFailures() >= 2);
  }

  @Test
  void send_peerNotReading_queueFillsAndDropsWithoutBlocking() throws Exception {
    try (ServerSocket sink = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0)
          .withPeer(B, new InetSocketAddress("127.0.0.1", sink.getLocalPort()))
          .withVerifyPeerIds(false)
          .withConnectTimeout(Duration.ofSeconds(30))
          .withOutboundQueueMessages(16), RecordingHandler.silent());
      Blob big = new Blob(new byte[64 * 1024]);
      a.send(B, big);
      await().atMost(WAIT).until(() -> a.openConnectionCount() == 1);
      await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
        for (int i = 0; i < 16; i++) {
          a.send(B, big);
        }
        return !a.isWritable(B);
      });
      long dropsBefore = a.stats().droppedQueueFull();
      long start = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        a.send(B, big);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      // the peer reads nothing: beyond what the kernel buffers still absorb (a few MB), sends
      // of 64 KiB are dropped and counted
      assertThat(a.stats().droppedQueueFull()).isGreaterThanOrEqualTo(dropsBefore + 800);
    }
  }

  @Test
  void request_largerThanOwnMaxFrame_failsFast() {
    NettyTcpTransport b = server(B, RecordingHandler.echo());
    NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0)
        .withPeer(B, at(b)).withMaxFrameBytes(4096), RecordingHandler.silent());
    CompletableFuture<Message> f = a.request(B, new Blob(new byte[10_000]), WAIT);
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(WireFormatException.class).hasMessageContaining("does not fit");
    assertThat(a.stats().droppedTooLarge()).isEqualTo(1);
  }

  @Test
  void send_largerThanMaxFrame_droppedAndCountedWithoutThrowing() throws Exception {
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), RecordingHandler.echo());
    NettyTcpTransport small = server(TcpTransportConfig.server(NodeId.of("node-s"), "127.0.0.1", 0)
        .withPeer(B, at(t[1])).withMaxFrameBytes(4096), RecordingHandler.silent());
    small.send(B, new Blob(new byte[10_000]));
    assertThat(small.stats().droppedTooLarge()).isEqualTo(1);
  }

  @Test
  void response_largerThanMaxFrame_failsRequestWithRemoteError() {
    NettyTcpTransport b = server(TcpTransportConfig.server(B, "127.0.0.1", 0).withMaxFrameBytes(4096),
        (from, m, reply) -> reply.respond(new Blob(new byte[10_000])));
    NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0).withPeer(B, at(b)),
        RecordingHandler.silent());
    CompletableFuture<Message> f = a.request(B, new Text("big please"), WAIT);
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(RemoteException.class).hasMessageContaining("response_too_large");
  }

  @Test
  void queueBoundInBytes_refusesBeyondIt() throws Exception {
    try (ServerSocket sink = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0)
          .withPeer(B, new InetSocketAddress("127.0.0.1", sink.getLocalPort()))
          .withVerifyPeerIds(false)
          .withConnectTimeout(Duration.ofSeconds(30))
          .withMaxFrameBytes(64 * 1024)
          .withOutboundQueueBytes(256 * 1024), RecordingHandler.silent());
      Blob big = new Blob(new byte[60 * 1024]);
      a.send(B, big);
      await().atMost(WAIT).until(() -> a.openConnectionCount() == 1);
      await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
        for (int i = 0; i < 8; i++) {
          a.send(B, big);
        }
        return !a.isWritable(B);
      });
      long before = a.stats().droppedQueueFull();
      for (int i = 0; i < 100; i++) {
        a.send(B, big);
      }
      // far fewer than the 65 536-message bound: the 256 KiB byte bound holds about 4 such frames
      assertThat(a.stats().droppedQueueFull()).isGreaterThanOrEqualTo(before + 50);
    }
  }

  @Test
  void frameAboveReceiverMax_connectionClosedWithOneWarning_thenRecovers() throws Exception {
    try (LogCapture logs = new LogCapture(ConnectionHandler.class)) {
      RecordingHandler atB = RecordingHandler.echo();
      NettyTcpTransport b = server(TcpTransportConfig.server(B, "127.0.0.1", 0).withMaxFrameBytes(8192), atB);
      NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0).withPeer(B, at(b)),
          RecordingHandler.silent());
      assertThat(a.request(B, new Text("small"), WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("small"));
      a.send(B, new Blob(new byte[20_000]));
      await().atMost(WAIT).until(() -> b.stats().protocolErrors() == 1);
      assertThat(logs.warnings()).hasSize(1);
      assertThat(logs.warnings().get(0)).contains("node-a").contains("exceeds the maximum of 8192");
      await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
        try {
          return a.request(B, new Text("again"), Duration.ofMillis(500)).get().equals(new Text("again"));
        } catch (ExecutionException e) {
          return false;
        }
      });
      assertThat(atB.messages()).doesNotHaveAnyElementsOfTypes(Blob.class);
    }
  }

  @Test
  void unidentifiedConnection_largeFrame_refusedBeforeBuffering() throws Exception {
    NettyTcpTransport b = server(B, RecordingHandler.echo());
    try (java.net.Socket raw = new java.net.Socket("127.0.0.1", b.boundPort())) {
      raw.setSoTimeout(10_000);
      java.io.DataOutputStream out = new java.io.DataOutputStream(raw.getOutputStream());
      out.writeInt(100_000); // far below 16 MiB, far above any handshake
      out.write(new byte[2000]);
      out.flush();
      java.io.InputStream in = raw.getInputStream();
      byte[] sink = new byte[4096];
      int n;
      do {
        n = in.read(sink); // the server's handshake, then end of stream
      } while (n >= 0);
    }
    assertThat(b.stats().protocolErrors()).isEqualTo(1);
    await().atMost(WAIT).until(() -> b.openConnectionCount() == 0);
  }

  @Test
  void clientMode_nodeAnswersAndPushesOverClientConnection() throws Exception {
    RecordingHandler atNode = RecordingHandler.echo();
    NettyTcpTransport node = server(B, atNode);
    NodeId clientId = NodeId.of("client-" + java.util.UUID.randomUUID());
    RecordingHandler atClient = RecordingHandler.silent();
    NettyTcpTransport client = server(TcpTransportConfig.client(clientId).withPeer(B, at(node)), atClient);
    assertThat(client.boundPort()).isEqualTo(-1);
    assertThat(client.request(B, new Text("hi"), WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(new Text("hi"));
    assertThat(atNode.received.peek().from()).isEqualTo(clientId);
    node.send(clientId, new Text("pushed"));
    await().atMost(WAIT).until(() -> atClient.messages().contains(new Text("pushed")));
    assertThat(atClient.received.peek().from()).isEqualTo(B);
    client.close();
    await().atMost(WAIT).until(() -> atNode.disconnected.contains(clientId));
    await().atMost(WAIT).until(() -> node.openConnectionCount() == 0);
  }

  @Test
  void dialedPeerAnnouncesOtherId_connectionRefused() {
    try (LogCapture logs = new LogCapture(ConnectionHandler.class)) {
      NettyTcpTransport impostor = server(NodeId.of("node-c"), RecordingHandler.echo());
      NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0).withPeer(B, at(impostor)),
          RecordingHandler.silent());
      a.send(B, new Text("x"));
      await().atMost(WAIT).until(() -> logs.warnings().stream().anyMatch(w -> w.contains("dialed node-b but node-c answered")));
      assertThat(a.isConnected(B)).isFalse();
    }
  }

  @Test
  void crcEnabled_roundTripWorks() throws Exception {
    NettyTcpTransport b = server(TcpTransportConfig.server(B, "127.0.0.1", 0).withCrc(true), RecordingHandler.echo());
    NettyTcpTransport a = server(TcpTransportConfig.server(A, "127.0.0.1", 0).withCrc(true).withPeer(B, at(b)),
        RecordingHandler.silent());
    assertThat(a.request(B, new Blob(new byte[5000]), WAIT).get(10, TimeUnit.SECONDS))
        .isEqualTo(new Blob(new byte[5000]));
  }

  @Test
  void close_failsPendingRequestsAndIsIdempotent() {
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), RecordingHandler.silent());
    CompletableFuture<Message> f = t[0].request(B, new Text("x"), Duration.ofMinutes(1));
    t[0].close();
    t[0].close();
    assertThat(f).isCompletedExceptionally();
    assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalStateException.class);
    t[0].send(B, new Text("after close"));
    assertThat(t[0].request(B, new Text("y"), WAIT)).isCompletedExceptionally();
  }

  @Test
  void start_twice_fails_andBadConfigRejected() {
    NettyTcpTransport a = server(A, RecordingHandler.silent());
    assertThatThrownBy(() -> a.start(RecordingHandler.silent())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TcpTransportConfig.server(A, "127.0.0.1", 70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bindPort");
    assertThatThrownBy(() -> TcpTransportConfig.server(A, "127.0.0.1", 0).withPeer(A, new InetSocketAddress(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own id");
    assertThatThrownBy(() -> TcpTransportConfig.server(A, "127.0.0.1", 0).withMaxFrameBytes(10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TcpTransportConfig.server(A, "127.0.0.1", 0).withOutboundQueueBytes(1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below maxFrameBytes");
    assertThat(TcpTransportConfig.server(A, "127.0.0.1", 0).withMaxFrameBytes(128 << 20).outboundQueueBytes())
        .isEqualTo(128L << 20);
    assertThatThrownBy(() -> a.addPeer(A, new InetSocketAddress(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own id");
  }

  @Test
  void start_portTaken_failsWithClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      NettyTcpTransport a = new NettyTcpTransport(
          TcpTransportConfig.server(A, "127.0.0.1", taken.getLocalPort()), registry);
      toClose.add(a);
      assertThatThrownBy(() -> a.start(RecordingHandler.silent()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot listen");
    }
  }

  @Test
  void removePeer_stopsDialling() throws Exception {
    NettyTcpTransport[] t = pair(RecordingHandler.silent(), RecordingHandler.echo());
    t[0].request(B, new Text("x"), WAIT).get(10, TimeUnit.SECONDS);
    t[0].removePeer(B);
    assertThat(t[0].peers()).doesNotContainKey(B);
    await().atMost(WAIT).until(() -> !t[0].isConnected(B) || t[1].openConnectionCount() == 0);
  }
}
