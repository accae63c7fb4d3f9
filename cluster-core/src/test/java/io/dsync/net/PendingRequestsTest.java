package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import io.dsync.wire.TestMessages.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
  private final List<Runnable> timers = new ArrayList<>();
  private final List<Boolean> cancelled = new ArrayList<>();
  private final PendingRequests pending = new PendingRequests((delay, task) -> {
    timers.add(task);
    int index = cancelled.size();
    cancelled.add(false);
    return () -> cancelled.set(index, true);
  });
  private final NodeId b = NodeId.of("b");

  @Test
  void complete_fromAskedPeer_completesAndCancelsTimer() {
    long id = pending.nextCorrelationId();
    CompletableFuture<Message> f = pending.register(id, b, Duration.ofSeconds(1));
    assertThat(pending.complete(id, NodeId.of("intruder"), new Text("forged"))).isFalse();
    assertThat(f).isNotDone();
    assertThat(pending.complete(id, b, new Text("ok"))).isTrue();
    assertThat(f).isCompletedWithValue(new Text("ok"));
    assertThat(cancelled).containsExactly(true);
    assertThat(pending.size()).isZero();
    assertThat(pending.complete(id, b, new Text("late"))).isFalse();
  }

  @Test
  void timer_firesTimeout_namingPeer() {
    long id = pending.nextCorrelationId();
    CompletableFuture<Message> f = pending.register(id, b, Duration.ofMillis(250));
    timers.get(0).run();
    assertThatThrownBy(f::join).hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("b within 250 ms");
    assertThat(pending.size()).isZero();
  }

  @Test
  void cancelByCaller_forgetsRequest_ids_neverZero() {
    long id = pending.nextCorrelationId();
    assertThat(id).isNotZero();
    CompletableFuture<Message> f = pending.register(id, b, Duration.ofSeconds(1));
    f.cancel(false);
    assertThat(pending.size()).isZero();
    pending.register(pending.nextCorrelationId(), b, Duration.ofSeconds(1));
    pending.failAll(new IllegalStateException("closing"));
    assertThat(pending.size()).isZero();
  }
}
