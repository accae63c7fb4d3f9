package io.dsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.net.RecordingHandler;
import io.dsync.net.RemoteException;
import io.dsync.wire.Message;
import io.dsync.wire.TestMessages;
import io.dsync.wire.TestMessages.Seq;
import io.dsync.wire.TestMessages.Text;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final NodeId C = NodeId.of("c");

  private final SimScheduler scheduler = new SimScheduler(12345);
  private final SimNetwork network = new SimNetwork(scheduler);

  private SimTransport started(NodeId id, RecordingHandler handler) {
    SimTransport t = network.transport(id);
    t.start(handler);
    return t;
  }

  private static List<Long> numbers(RecordingHandler h) {
    return h.messages().stream().map(m -> ((Seq) m).number()).toList();
  }

  @Test
  void request_echo_completesOnVirtualTime() {
    SimTransport a = started(A, RecordingHandler.silent());
    started(B, RecordingHandler.echo());
    CompletableFuture<Message> f = a.request(B, new Text("x"), Duration.ofSeconds(1));
    scheduler.runUntilIdle(100);
    assertThat(f).isCompletedWithValue(new Text("x"));
    assertThat(scheduler.nowMillis()).isBetween(2L, 6L);
  }

  @Test
  void variableDelay_noReorder_staysFifo() {
    network.defaultLink(LinkConfig.delay(1, 50));
    SimTransport a = started(A, RecordingHandler.silent());
    RecordingHandler atB = RecordingHandler.silent();
    started(B, atB);
    for (int i = 0; i < 200; i++) {
      a.send(B, new Seq("a", i));
    }
    scheduler.runUntilIdle(10_000);
    assertThat(numbers(atB)).isSorted().hasSize(200);
  }

  @Test
  void reorder_letsMessagesOvertake() {
    network.defaultLink(LinkConfig.delay(1, 50).withReorder(0.5));
    SimTransport a = started(A, RecordingHandler.silent());
    RecordingHandler atB = RecordingHandler.silent();
    started(B, atB);
    for (int i = 0; i < 200; i++) {
      a.send(B, new Seq("a", i));
    }
    scheduler.runUntilIdle(10_000);
    assertThat(numbers(atB)).hasSize(200).isNotEqualTo(numbers(atB).stream().sorted().toList());
  }

  @Test
  void drop_allLost_requestTimesOutAtVirtualDeadline() {
    network.link(A, B, LinkConfig.RELIABLE.withDrop(1.0));
    SimTransport a = started(A, RecordingHandler.silent());
    RecordingHandler atB = RecordingHandler.echo();
    started(B, atB);
    CompletableFuture<Message> f = a.request(B, new Text("x"), Duration.ofMillis(300));
    scheduler.runUntilIdle(100);
    assertThat(f).isCompletedExceptionally();
    assertThatThrownBy(f::join).hasCauseInstanceOf(TimeoutException.class);
    assertThat(scheduler.nowMillis()).isEqualTo(300);
    assertThat(atB.received).isEmpty();
  }

  @Test
  void duplicate_deliversTwice() {
    network.defaultLink(LinkConfig.RELIABLE.withDuplicate(1.0));
    SimTransport a = started(A, RecordingHandler.silent());
    RecordingHandler atB = RecordingHandler.silent();
    started(B, atB);
    a.send(B, new Seq("a", 1));
    scheduler.runUntilIdle(100);
    assertThat(numbers(atB)).containsExactly(1L, 1L);
  }

  @Test
  void symmetricPartition_blocksBothWays_healRestores() {
    SimTransport a = started(A, RecordingHandler.silent());
    RecordingHandler atB = RecordingHandler.silent();
    RecordingHandler atA = RecordingHandler.silent();
    SimTransport b = network.transport(B);
    b.start(atB);
    network.partition(List.of(A), List.of(B));
    a.send(B, new Seq("a", 1));
    b.send(A, new Seq("b", 1));
    scheduler.runUntilIdle(100);
    assertThat(atB.received).isEmpty();
    network.heal();
    a.send(B, new Seq("a", 2));
    scheduler.runUntilIdle(100);
    assertThat(numbers(atB)).containsExactly(2L);
  }

  @Test
  void oneWayBlock_blocksOnlyThatDirection() {
    RecordingHandler atA = RecordingHandler.silent();
    RecordingHandler atB = RecordingHandler.silent();
    SimTransport a = started(A, atA);
    SimTransport b = started(B, atB);
    network.blockOneWay(A, B);
    a.send(B, new Seq("a", 1));
    b.send(A, new Seq("b", 1));
    CompletableFuture<Message> f = b.request(A, new Text("q"), Duration.ofMillis(100));
    scheduler.runUntilIdle(100);
    assertThat(atB.received).isEmpty();
    assertThat(atA.messages()).contains(new Seq("b", 1));
    assertThatThrownBy(f::join).hasCauseInstanceOf(TimeoutException.class); // the answer is blocked
  }

  @Test
  void partitionStartingMidFlight_dropsInFlight() {
    network.defaultLink(LinkConfig.delay(10, 10));
    SimTransport a = started(A, RecordingHandler.silent());
    RecordingHandler atB = RecordingHandler.silent();
    started(B, atB);
    a.send(B, new Seq("a", 1));
    scheduler.runFor(5);
    network.isolate(B);
    scheduler.runUntilIdle(100);
    assertThat(atB.received).isEmpty();
  }

  @Test
  void crash_dropsInFlightStopsDelivery_restartGetsOnlyNewMessages() {
    network.defaultLink(LinkConfig.delay(10, 10));
    RecordingHandler atA = RecordingHandler.silent();
    SimTransport a = started(A, atA);
    RecordingHandler atB = RecordingHandler.silent();
    SimTransport b = started(B, atB);
    b.send(A, new Seq("b", 0)); // in flight from B when it crashes
    a.send(B, new Seq("a", 1)); // in flight to B when it crashes
    CompletableFuture<Message> pendingAtB = b.request(A, new Text("q"), Duration.ofMillis(50));
    scheduler.runFor(5);
    network.crash(B);
    assertThat(network.isUp(B)).isFalse();
    a.send(B, new Seq("a", 2)); // B is down
    scheduler.runUntilIdle(100);
    assertThat(atB.received).isEmpty();
    assertThat(atA.received).isEmpty();
    assertThat(atA.disconnected).containsExactly(B);
    assertThat(pendingAtB).isNotDone(); // a dead node's timers never fire
    b.send(A, new Seq("b", 9)); // ignored: dead transport
    RecordingHandler atB2 = RecordingHandler.silent();
    SimTransport b2 = network.restart(B);
    b2.start(atB2);
    a.send(B, new Seq("a", 3));
    scheduler.runUntilIdle(100);
    assertThat(numbers(atB2)).containsExactly(3L);
    assertThat(atA.received).isEmpty();
    assertThatThrownBy(() -> network.restart(B)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> network.transport(B)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void remoteError_andSerializingNetwork() {
    SimNetwork serializing = new SimNetwork(scheduler, TestMessages.registry());
    SimTransport a = serializing.transport(A);
    a.start(RecordingHandler.silent());
    SimTransport b = serializing.transport(B);
    b.start((from, m, reply) -> reply.fail("nope", "refused " + m));
    CompletableFuture<Message> f = a.request(B, new Text("x"), Duration.ofSeconds(1));
    scheduler.runUntilIdle(100);
    assertThatThrownBy(f::join).hasCauseInstanceOf(RemoteException.class).hasMessageContaining("refused Text[text=x]");
    assertThatThrownBy(() -> a.send(B, new TestMessages.Unregistered(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badLinkConfig_rejected() {
    assertThatThrownBy(() -> LinkConfig.RELIABLE.withDrop(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LinkConfig.delay(5, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unstartedReceiver_dropsAndCounts() {
    SimTransport a = started(A, RecordingHandler.silent());
    network.transport(C);
    a.send(C, new Seq("a", 1));
    scheduler.runUntilIdle(100);
    assertThat(network.droppedCount()).isEqualTo(1);
    assertThat(network.trace()).anyMatch(l -> l.contains("drop(not started)"));
  }
}
