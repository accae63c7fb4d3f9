package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.lock.core.Applied;
import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCodec;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockEvent;
import io.dsync.lock.core.LockMode;
import io.dsync.lock.core.LockQueryCodec;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.dsync.lock.NoLeakedThreads.class)
class LockStateMachineTest {
  private long index;

  private LockResult apply(LockStateMachine sm, LockCommand c, long now) {
    return LockCodec.decodeResult(sm.apply(++index, LockStateMachine.entry(c, now)));
  }

  @Test
  void entries_carryTheirTime_andEventsReachTheListener() {
    LockStateMachine sm = new LockStateMachine();
    List<LockEvent> events = new ArrayList<>();
    sm.setListener((c, a) -> events.addAll(a.events()));
    apply(sm, new LockCommand.OpenSession(1, 1_000), 100);
    apply(sm, new LockCommand.OpenSession(2, 60_000), 100);
    assertThat(apply(sm, new LockCommand.Acquire(new InvocationId(1, 1), 1, "a", LockMode.EXCLUSIVE, true), 100)
        .status()).isEqualTo(Status.GRANTED);
    assertThat(apply(sm, new LockCommand.Acquire(new InvocationId(2, 1), 1, "a", LockMode.EXCLUSIVE, true), 200)
        .status()).isEqualTo(Status.WAITING);
    apply(sm, new LockCommand.Tick(), 5_000); // session 1's lease ran out in log time
    assertThat(events).contains(new LockEvent.Granted(new InvocationId(2, 1), new io.dsync.lock.core.Owner(2, 1), "a",
        LockMode.EXCLUSIVE, 2));
  }

  @Test
  void badEntries_answerBadCommand_andChangeNothing() {
    LockStateMachine sm = new LockStateMachine();
    apply(sm, new LockCommand.OpenSession(1, 1_000), 100);
    byte[] before = sm.snapshot();
    assertThat(LockCodec.decodeResult(sm.apply(++index, new byte[3])).message()).contains("too short");
    assertThat(LockCodec.decodeResult(sm.apply(++index, new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 99})).message())
        .contains("unknown type 99");
    assertThat(sm.snapshot()).isEqualTo(before);
  }

  @Test
  void queries_answerViewsAndStats() {
    LockStateMachine sm = new LockStateMachine();
    apply(sm, new LockCommand.OpenSession(1, 1_000), 100);
    apply(sm, new LockCommand.Acquire(new InvocationId(1, 1), 1, "a", LockMode.SHARED, true), 100);
    assertThat(LockQueryCodec.readView(sm.query(LockQueryCodec.viewQuery("a")))).get()
        .satisfies(v -> assertThat(v.mode()).contains(LockMode.SHARED));
    assertThat(LockQueryCodec.readView(sm.query(LockQueryCodec.viewQuery("zz")))).isEmpty();
    assertThat(LockQueryCodec.readViews(sm.query(LockQueryCodec.viewsQuery()))).hasSize(1);
    assertThat(LockQueryCodec.readStats(sm.query(LockQueryCodec.statsQuery())).activeLocks()).isEqualTo(1);
    assertThat(sm.query(new byte[] {9})).isEmpty();
    assertThatThrownBy(() -> LockQueryCodec.readStats(sm.query(new byte[0]))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshot_restoresIntoAnotherReplica() {
    LockStateMachine sm = new LockStateMachine();
    apply(sm, new LockCommand.OpenSession(1, 1_000), 100);
    apply(sm, new LockCommand.Acquire(new InvocationId(1, 1), 1, "a", LockMode.EXCLUSIVE, true), 100);
    LockStateMachine other = new LockStateMachine();
    other.restore(sm.snapshot());
    Applied[] seen = new Applied[1];
    other.setListener((c, a) -> seen[0] = a);
    assertThat(LockCodec.decodeResult(other.apply(++index, LockStateMachine.entry(
        new LockCommand.Acquire(new InvocationId(1, 2), 1, "b", LockMode.EXCLUSIVE, true), 200))).fence()).isEqualTo(2);
    assertThat(seen[0]).isNotNull();
  }
}
