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
        .isEqualTo(new Member(B, Liveness.SUSPECT, 1101, false));
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
}
