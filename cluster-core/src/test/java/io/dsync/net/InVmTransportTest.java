package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import io.dsync.wire.TestMessages;
import io.dsync.wire.TestMessages.Seq;
import io.dsync.wire.TestMessages.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InVmTransportTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private final List<InVmNetwork> networks = new ArrayList<>();

  @AfterEach
  void close() {
    networks.forEach(InVmNetwork::close);
  }

  private InVmNetwork network(boolean serialize) {
    InVmNetwork n = new InVmNetwork(TestMessages.registry(), serialize, 1000);
    networks.add(n);
    return n;
  }

  @Test
  void request_byReference_sameObjectArrivesAndAnswers() throws Exception {
    InVmNetwork net = network(false);
    RecordingHandler atB = RecordingHandler.echo();
    InVmTransport a = net.transport(A);
    InVmTransport b = net.transport(B);
    a.start(RecordingHandler.silent());
    b.start(atB);
    Text text = new Text("hi");
    Message answer = a.request(B, text, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
    assertThat(answer).isSameAs(text);
    assertThat(atB.received.peek().from()).isEqualTo(A);
  }

  @Test
  void request_serializing_copyArrives() throws Exception {
    InVmNetwork net = network(true);
    InVmTransport a = net.transport(A);
    InVmTransport b = net.transport(B);
    a.start(RecordingHandler.silent());
    b.start(RecordingHandler.echo());
    Text text = new Text("hi");
    Message answer = a.request(B, text, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
    assertThat(answer).isEqualTo(text).isNotSameAs(text);
    assertThatThrownBy(() -> a.send(B, new TestMessages.Unregistered(3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void send_manyFromOneSender_deliveredInOrderOnOneThread() {
    InVmNetwork net = network(false);
    RecordingHandler atB = RecordingHandler.silent();
    InVmTransport a = net.transport(A);
    net.transport(B).start(atB);
    a.start(RecordingHandler.silent());
    for (int i = 0; i < 900; i++) {
      a.send(B, new Seq("a", i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> atB.received.size() == 900);
    List<Message> got = atB.messages();
    for (int i = 0; i < 900; i++) {
      assertThat(((Seq) got.get(i)).number()).isEqualTo(i);
    }
  }

  @Test
  void fail_and_timeout_and_unknownPeer() {
    InVmNetwork net = network(false);
    InVmTransport a = net.transport(A);
    InVmTransport b = net.transport(B);
    a.start(RecordingHandler.silent());
    b.start((from, m, reply) -> {
      if (m.equals(new Text("fail"))) {
        reply.fail("bad_request", "no");
      }
    });
    assertThatThrownBy(() -> a.request(B, new Text("fail"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(RemoteException.class).hasMessageContaining("bad_request");
    assertThatThrownBy(() -> a.request(B, new Text("quiet"), Duration.ofMillis(50)).get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> a.request(NodeId.of("z"), new Text("x"), Duration.ofMillis(50)).get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(TimeoutException.class);
    assertThat(a.stats().droppedNoRoute()).isEqualTo(1);
  }

  @Test
  void inboxFull_dropsAndReportsNotWritable() throws Exception {
    InVmNetwork net = network(false);
    CountDownLatch release = new CountDownLatch(1);
    InVmTransport a = net.transport(A);
    a.start(RecordingHandler.silent());
    net.transport(B).start((from, m, reply) -> {
      try {
        release.await(10, TimeUnit.SECONDS); // a deliberately blocked handler fills the inbox
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (int i = 0; i < 1500; i++) {
      a.send(B, new Seq("a", i));
    }
    assertThat(a.isWritable(B)).isFalse();
    assertThat(a.stats().droppedQueueFull()).isGreaterThanOrEqualTo(499);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isWritable(B));
  }

  @Test
  void close_notifiesPeersAndFailsPending_idCanBeReused() {
    InVmNetwork net = network(false);
    RecordingHandler atA = RecordingHandler.silent();
    InVmTransport a = net.transport(A);
    InVmTransport b = net.transport(B);
    a.start(atA);
    b.start(RecordingHandler.silent());
    CompletableFuture<Message> pending = b.request(A, new Text("x"), Duration.ofMinutes(1));
    assertThatThrownBy(() -> net.transport(B)).isInstanceOf(IllegalStateException.class);
    b.close();
    assertThat(pending).isCompletedExceptionally();
    await().atMost(Duration.ofSeconds(5)).until(() -> atA.disconnected.contains(B));
    InVmTransport b2 = net.transport(B);
    assertThat(b2.localId()).isEqualTo(B);
    assertThat(net.members()).containsExactly(A, B);
  }
}
