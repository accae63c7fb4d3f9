package io.dsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

  @Test
  void publish_updatesViewAndTellsListeners_evenIfOneThrows() {
    NodeId a = NodeId.of("a");
    NodeId b = NodeId.of("b");
    FailureDetector detector = new FailureDetector(a, List.of(b), 10, 0);
    Membership membership = new Membership(detector.view());
    List<MemberEvent> seen = new ArrayList<>();
    membership.addListener((event, view) -> {
      throw new IllegalStateException("boom");
    });
    membership.addListener((event, view) -> seen.add(event));
    List<MemberEvent> events = detector.onHeartbeat(b, 5);
    membership.publish(events, detector.view());
    assertThat(seen).containsExactlyElementsOf(events);
    assertThat(membership.view().isAlive(b)).isTrue();
  }
}
