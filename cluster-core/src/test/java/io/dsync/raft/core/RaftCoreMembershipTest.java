package io.dsync.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.raft.core.RaftMessage.TimeoutNow;
import io.dsync.raft.core.RaftMessage.VoteRequest;
import org.junit.jupiter.api.Test;

/** Single-server membership changes (thesis §4.1) and leader transfer (thesis §3.10). */
class RaftCoreMembershipTest {

  private static CoreNet clusterWithSpare() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.add("d", PersistedState.EMPTY, Membership.EMPTY);
    return net;
  }

  @Test
  void addServer_caughtUpAndVoting() {
    CoreNet net = clusterWithSpare();
    net.elect("a");
    Effects e = net.handle("a", net.get("a").changeMembership("d", true, net.now));
    assertThat(e.proposed()).hasSize(1);
    assertThat(net.get("a").membership().voters()).as("takes effect when appended").contains("d");
    for (int i = 0; i < 3; i++) {
      net.now += 10;
      net.tick("a");
      net.deliverAll();
    }
    assertThat(net.get("a").commitIndex()).isEqualTo(e.proposed().get(0));
    assertThat(net.get("d").membership().voters()).containsExactly("a", "b", "c", "d");
    assertThat(net.get("d").lastIndex()).isEqualTo(net.get("a").lastIndex());
  }

  @Test
  void learner_getsTheLog_neitherVotesNorCounts_thenPromoted() {
    CoreNet net = clusterWithSpare();
    net.elect("a");
    Effects e = net.handle("a", net.get("a").changeMembership("d", MembershipChange.ADD_LEARNER, net.now));
    assertThat(e.proposed()).hasSize(1);
    for (int i = 0; i < 3; i++) {
      net.now += 10;
      net.tick("a");
      net.deliverAll();
    }
    RaftCore d = net.get("d");
    assertThat(d.lastIndex()).isEqualTo(net.get("a").lastIndex());
    assertThat(d.membership().isLearner("d")).isTrue();
    assertThat(d.membership().quorum()).as("learners do not count").isEqualTo(2);
    net.now += 1000;
    assertThat(net.tick("d").messages()).as("a learner never campaigns").isEmpty();
    // With b and c cut off, the leader and the learner are no majority: nothing commits.
    long commit = net.get("a").commitIndex();
    net.handle("a", net.get("a").propose("x".getBytes(), net.now));
    net.deliverAll(m -> m.to().equals("b") || m.to().equals("c"));
    assertThat(net.get("a").commitIndex()).isEqualTo(commit);
    net.now += 10;
    net.tick("a");
    net.deliverAll();
    Effects promote = net.handle("a", net.get("a").changeMembership("d", MembershipChange.ADD_VOTER, net.now));
    assertThat(promote.proposed()).hasSize(1);
    net.deliverAll();
    assertThat(net.get("a").membership().voters()).containsExactly("a", "b", "c", "d");
    assertThat(net.get("a").membership().learners()).isEmpty();
  }

  @Test
  void membership_encodingRoundTrips_andRefusesGarbage() {
    Membership m = Membership.of("a", "b").withLearner("c");
    assertThat(Membership.decode(m.encode())).isEqualTo(m);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Membership.decode(new byte[] {0, 0, 0, 9}))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Membership.of("a").withLearner("a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secondChange_whileFirstUncommitted_rejected() {
    CoreNet net = clusterWithSpare();
    net.elect("a");
    net.handle("a", net.get("a").changeMembership("d", true, net.now));
    Effects second = net.get("a").changeMembership("c", false, net.now);
    assertThat(second.proposed()).isEmpty();
    assertThat(second.rejection()).contains("not committed");
  }

  @Test
  void change_invalidTargets_rejected() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    assertThat(net.get("a").changeMembership("b", true, net.now).rejection()).contains("already");
    assertThat(net.get("a").changeMembership("zz", false, net.now).rejection()).contains("not a member");
    assertThat(net.get("b").changeMembership("zz", true, net.now).rejection()).contains("not the leader");
  }

  @Test
  void removedServer_stopsCampaigning() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    Effects e = net.handle("a", net.get("a").changeMembership("c", false, net.now));
    for (int i = 0; i < 3; i++) {
      net.now += 10;
      net.tick("a");
      net.deliverAll();
    }
    assertThat(net.get("a").commitIndex()).isGreaterThanOrEqualTo(e.proposed().get(0));
    assertThat(net.get("c").membership().voters()).containsExactly("a", "b");
    net.now += 1000;
    Effects tick = net.tick("c");
    assertThat(tick.messages()).isEmpty();
    assertThat(net.get("c").role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  void removedLeader_stepsDownOnceCommitted() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    net.handle("a", net.get("a").changeMembership("a", false, net.now));
    net.deliverAll();
    assertThat(net.get("a").role()).isEqualTo(Role.FOLLOWER);
    net.now += 1000;
    assertThat(net.tick("a").messages()).as("a removed server does not campaign").isEmpty();
    net.tick("b");
    net.deliverAll();
    assertThat(net.get("b").role()).isEqualTo(Role.LEADER);
    assertThat(net.get("b").membership().voters()).containsExactly("b", "c");
  }

  @Test
  void transfer_upToDateTarget_getsTimeoutNowAndWins() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    long term = net.get("a").term();
    Effects e = net.handle("a", net.get("a").transferLeadership("c", net.now));
    assertThat(e.rejection()).isNull();
    assertThat(e.messages()).anySatisfy(o -> assertThat(o.message()).isInstanceOf(TimeoutNow.class));
    assertThat(net.get("a").propose("x".getBytes(), net.now).rejection()).contains("transfer");
    net.deliverAll();
    assertThat(net.get("c").role()).isEqualTo(Role.LEADER);
    assertThat(net.get("c").term()).isEqualTo(term + 1);
    assertThat(net.get("a").role()).isEqualTo(Role.FOLLOWER);
    assertThat(net.effects.get("c")).anySatisfy(x -> assertThat(x.messages())
        .anySatisfy(o -> assertThat(o.message()).isInstanceOfSatisfying(VoteRequest.class, v -> assertThat(v.transfer()).isTrue())));
  }

  @Test
  void transfer_targetUnreachable_abortsAfterTimeout() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    net.handle("a", net.get("a").transferLeadership("c", net.now));
    net.queue.clear();
    net.now += 150;
    net.tick("a");
    net.queue.clear();
    assertThat(net.get("a").propose("x".getBytes(), net.now).proposed()).hasSize(1);
  }
}
