package io.dsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final NodeId C = NodeId.of("c");

  private final FailureDetector detector = new FailureDetector(A, List.of(A, B, C), 1000, 0);

  @Test
  void newDetector_peersSuspectUntilHeard_selfAlive() {
    MembershipView view = detector.view();
    assertThat(view.members()).extracting(Member::id).containsExactly(A, B, C);
    assertThat(view.isAlive(A)).isTrue();
    assertThat(view.member(A).orElseThrow().local()).isTrue();
    assertThat(view.isAlive(B)).isFalse();
    assertThat(detector.onTick(5000)).isEmpty();
  }

  @Test
  void heartbeat_makesPeerAlive_once() {
    assertThat(detector.onHeartbeat(B, 100)).containsExactly(new MemberEvent(B, Liveness.ALIVE, 100));
    assertThat(detector.onHeartbeat(B, 200)).isEmpty();
    assertThat(detector.view().member(B).orElseThrow().sinceMillis()).isEqualTo(100);
  }

  @Test
  void silenceBeyondTimeout_suspects_andHeartbeatRevives() {
    detector.onHeartbeat(B, 100);
    detector.onHeartbeat(C, 100);
    assertThat(detector.onTick(1100)).isEmpty(); // exactly the timeout: not yet
    detector.onHeartbeat(C, 1050);
    assertThat(detector.onTick(1101)).containsExactly(new MemberEvent(B, Liveness.SUSPECT, 1101));
    assertThat(detector.onTick(1500)).isEmpty();
    assertThat(detector.view().member(B).orElseThrow())
        .isEqualTo(new Member(B, Liveness.SUSPECT, 1101, false, 0));
    assertThat(detector.onHeartbeat(B, 3000)).containsExactly(new MemberEvent(B, Liveness.ALIVE, 3000));
    assertThat(detector.view().aliveIds()).containsExactly(A, B, C); // C was heard at 1050, no tick since
  }

  @Test
  void heartbeatFromStranger_ignored() {
    assertThat(detector.onHeartbeat(NodeId.of("zz"), 10)).isEmpty();
    assertThat(detector.view().ids()).containsExactly(A, B, C);
  }

  @Test
  void lateHeartbeatWithOlderTime_doesNotMoveLastHeardBack() {
    detector.onHeartbeat(B, 900);
    detector.onHeartbeat(B, 100);
    assertThat(detector.onTick(1800)).isEmpty();
  }

  @Test
  void badTimeout_rejected() {
    assertThatThrownBy(() -> new FailureDetector(A, List.of(B), 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failure timeout");
  }

  @Test
  void newerIncarnationOfAlivePeer_reportedAsRestart_olderIgnored() {
    assertThat(detector.onHeartbeat(B, 5, 100)).containsExactly(new MemberEvent(B, Liveness.ALIVE, 100, false));
    assertThat(detector.onHeartbeat(B, 5, 200)).isEmpty();
    assertThat(detector.onHeartbeat(B, 9, 300)).containsExactly(new MemberEvent(B, Liveness.ALIVE, 300, true));
    assertThat(detector.view().member(B).orElseThrow().incarnation()).isEqualTo(9);
    // a late heartbeat of the old run neither flips anything nor keeps the peer alive
    assertThat(detector.onHeartbeat(B, 5, 1200)).isEmpty();
    assertThat(detector.onTick(1301)).containsExactly(new MemberEvent(B, Liveness.SUSPECT, 1301));
  }

  @Test
  void restartNoticedOnlyAfterSuspicion_isStillFlaggedAsRestart() {
    detector.onHeartbeat(B, 5, 100);
    detector.onTick(2000);
    assertThat(detector.onHeartbeat(B, 7, 2100)).containsExactly(new MemberEvent(B, Liveness.ALIVE, 2100, true));
  }

  @Test
  void selfIncarnation_atLeastOne() {
    assertThat(detector.selfIncarnation()).isEqualTo(1);
    assertThat(new FailureDetector(A, List.of(B), 10, 0, 77).view().member(A).orElseThrow().incarnation()).isEqualTo(77);
  }
}
