package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.raft.kv.KvCommands;
import io.dsync.raft.kv.KvStateMachine;
import org.junit.jupiter.api.Test;

/** Client sessions (thesis §6.3): apply once, answer retries, expire through the log. */
class SessionStateMachineTest {
  private final KvStateMachine kv = new KvStateMachine();
  private final SessionStateMachine sm = new SessionStateMachine(kv, 10_000);

  private long register(long index, long time) {
    return SessionCommands.sessionId(sm.apply(index, SessionCommands.register(time)));
  }

  @Test
  void retry_sameSequence_appliedOnce_storedResultReturned() {
    long s = register(1, 0);
    byte[] put = SessionCommands.command(s, 1, 0, 10, KvCommands.put("k", "v1".getBytes()));
    byte[] first = sm.apply(2, put);
    byte[] retry = sm.apply(3, put);
    assertThat(retry).isEqualTo(first);
    byte[] put2 = SessionCommands.command(s, 2, 1, 20, KvCommands.put("k", "v2".getBytes()));
    assertThat(KvCommands.value(SessionCommands.body(sm.apply(4, put2)))).isEqualTo("v1".getBytes());
    assertThat(KvCommands.value(SessionCommands.body(sm.apply(5, put2)))).as("retry").isEqualTo("v1".getBytes());
  }

  @Test
  void acknowledgedSequence_retriedLate_refusedNotReapplied() {
    long s = register(1, 0);
    sm.apply(2, SessionCommands.command(s, 1, 0, 10, KvCommands.put("k", "a".getBytes())));
    sm.apply(3, SessionCommands.command(s, 2, 1, 10, KvCommands.put("k", "b".getBytes())));
    byte[] late = sm.apply(4, SessionCommands.command(s, 1, 0, 10, KvCommands.put("k", "a".getBytes())));
    assertThat(SessionCommands.status(late)).isEqualTo(SessionCommands.STALE_SEQUENCE);
    assertThat(KvCommands.value(kv.query(KvCommands.get("k")))).isEqualTo("b".getBytes());
  }

  @Test
  void idleSession_expiresThroughLogTime() {
    long s = register(1, 0);
    long other = register(2, 15_000);
    sm.apply(3, SessionCommands.command(other, 1, 0, 20_000, KvCommands.put("x", "1".getBytes())));
    byte[] r = sm.apply(4, SessionCommands.command(s, 1, 0, 20_001, KvCommands.put("k", "v".getBytes())));
    assertThat(SessionCommands.status(r)).isEqualTo(SessionCommands.SESSION_EXPIRED);
    assertThat(KvCommands.value(kv.query(KvCommands.get("k")))).isNull();
    assertThat(sm.sessionCount()).isEqualTo(1);
  }

  @Test
  void timeGoingBackwards_doesNotExpireOrRevive() {
    long s = register(1, 50_000);
    byte[] r = sm.apply(2, SessionCommands.command(s, 1, 0, 0, KvCommands.put("k", "v".getBytes())));
    assertThat(SessionCommands.status(r)).isEqualTo(SessionCommands.OK);
  }

  @Test
  void snapshot_restoresSessionsAndInner() {
    long s = register(1, 0);
    byte[] put = SessionCommands.command(s, 1, 0, 10, KvCommands.put("k", "v".getBytes()));
    byte[] first = sm.apply(2, put);
    SessionStateMachine copy = new SessionStateMachine(new KvStateMachine(), 10_000);
    copy.restore(sm.snapshot());
    assertThat(copy.apply(3, put)).as("retry after restore still deduplicated").isEqualTo(first);
    assertThat(copy.snapshot()).isEqualTo(sm.snapshot());
  }

  @Test
  void malformedEnvelope_refusedNothingApplied() {
    assertThat(SessionCommands.status(sm.apply(1, new byte[] {2, 0, 0}))).isEqualTo(SessionCommands.MALFORMED);
    assertThat(SessionCommands.status(sm.apply(2, new byte[] {42}))).isEqualTo(SessionCommands.MALFORMED);
    assertThat(SessionCommands.status(sm.apply(3, new byte[0]))).isEqualTo(SessionCommands.MALFORMED);
    assertThatThrownBy(() -> sm.restore(new byte[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
    assertThat(sm.sessionCount()).isZero();
  }

  @Test
  void unknownSession_refused() {
    byte[] r = sm.apply(1, SessionCommands.command(77, 1, 0, 0, KvCommands.put("k", "v".getBytes())));
    assertThat(SessionCommands.status(r)).isEqualTo(SessionCommands.SESSION_EXPIRED);
  }
}
