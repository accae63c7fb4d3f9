package io.dsync.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.raft.core.RaftMessage.AppendRequest;
import io.dsync.raft.core.RaftMessage.VoteRequest;
import io.dsync.raft.core.RaftMessage.VoteResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Election rules (§5.2, §5.4.1), pre-vote (thesis §9.6) and check-quorum (thesis §6.2). */
class RaftCoreElectionTest {

  @Test
  void tick_beforeTimeout_nothingHappens() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.now = 99;
    Effects e = net.tick("a");
    assertThat(e.messages()).isEmpty();
    assertThat(net.get("a").role()).isEqualTo(Role.FOLLOWER);
    assertThat(e.nextWakeMillis()).isBetween(100L, 200L);
  }

  @Test
  void timeout_preVoteFirst_termUnchanged() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.now = 250;
    Effects e = net.tick("a");
    assertThat(net.get("a").role()).isEqualTo(Role.PRE_CANDIDATE);
    assertThat(net.get("a").term()).isZero();
    assertThat(e.hardState()).isNull();
    assertThat(e.messages()).hasSize(2).allSatisfy(o -> {
      VoteRequest v = (VoteRequest) o.message();
      assertThat(v.preVote()).isTrue();
      assertThat(v.term()).isEqualTo(1);
    });
  }

  @Test
  void preVoteGranted_thenElection_termAndVotePersistedWithRequests() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.now = 250;
    net.tick("a");
    CoreNet.Msg pre = net.queue.poll();
    Effects grant = net.get(pre.to()).onMessage("a", pre.message(), net.now);
    assertThat(grant.hardState()).as("a pre-vote changes nothing at the voter").isNull();
    assertThat(net.get(pre.to()).term()).isZero();
    Effects campaign = net.get("a").onMessage(pre.to(), grant.messages().get(0).message(), net.now);
    assertThat(net.get("a").role()).isEqualTo(Role.CANDIDATE);
    assertThat(campaign.hardState()).isEqualTo(new HardState(1, "a"));
    assertThat(campaign.messages()).isNotEmpty().allSatisfy(o -> assertThat(((VoteRequest) o.message()).preVote()).isFalse());
  }

  @Test
  void elect_threeNodes_oneLeaderAndNoopCommitted() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    assertThat(net.get("a").role()).isEqualTo(Role.LEADER);
    assertThat(net.get("b").leader()).isEqualTo("a");
    assertThat(net.get("a").commitIndex()).isEqualTo(1);
    assertThat(net.committed("a")).extracting(LogEntry::type).containsExactly(EntryType.NOOP);
  }

  @Test
  void vote_justRestarted_ignoredForOneTimeout() {
    RaftCore c = new RaftCore("c", CoreNet.config(), new Random(1), PersistedState.EMPTY, Membership.of("a", "b", "c"), 0);
    assertThat(c.onMessage("a", new VoteRequest(1, 0, 0, false, false), 50).messages()).isEmpty();
    assertThat(c.onMessage("a", new VoteRequest(1, 0, 0, false, false), 100).messages()).hasSize(1);
  }

  @Test
  void vote_grantedOncePerTerm() {
    RaftCore c = new RaftCore("c", CoreNet.config(), new Random(1), PersistedState.EMPTY, Membership.of("a", "b", "c"), 0);
    Effects first = c.onMessage("a", new VoteRequest(1, 0, 0, false, false), 1000);
    assertThat(((VoteResponse) first.messages().get(0).message()).granted()).isTrue();
    assertThat(first.hardState()).isEqualTo(new HardState(1, "a"));
    Effects second = c.onMessage("b", new VoteRequest(1, 0, 0, false, false), 1000);
    assertThat(((VoteResponse) second.messages().get(0).message()).granted()).isFalse();
    Effects again = c.onMessage("a", new VoteRequest(1, 0, 0, false, false), 1000);
    assertThat(((VoteResponse) again.messages().get(0).message()).granted()).as("retry by the same candidate").isTrue();
  }

  @Test
  void vote_candidateLogBehind_rejected() {
    PersistedState s = new PersistedState(new HardState(2, null), null, List.of(LogEntry.noop(1, 1), LogEntry.noop(2, 2)));
    RaftCore c = new RaftCore("c", CoreNet.config(), new Random(1), s, Membership.of("a", "b", "c"), 0);
    Effects lowerTerm = c.onMessage("a", new VoteRequest(3, 5, 1, false, false), 1000);
    assertThat(((VoteResponse) lowerTerm.messages().get(0).message()).granted()).isFalse();
    Effects shorter = c.onMessage("b", new VoteRequest(3, 1, 2, false, false), 1000);
    assertThat(((VoteResponse) shorter.messages().get(0).message()).granted()).isFalse();
    Effects ok = c.onMessage("b", new VoteRequest(3, 2, 2, false, false), 1000);
    assertThat(((VoteResponse) ok.messages().get(0).message()).granted()).isTrue();
  }

  @Test
  void voteRequest_whileLeaderLeaseHolds_ignoredUnlessTransfer() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    RaftCore b = net.get("b");
    long term = b.term();
    Effects ignored = b.onMessage("c", new VoteRequest(term + 1, 10, term, false, false), net.now + 1);
    assertThat(ignored.messages()).isEmpty();
    assertThat(b.term()).isEqualTo(term);
    Effects transfer = b.onMessage("c", new VoteRequest(term + 1, 10, term, false, true), net.now + 1);
    assertThat(((VoteResponse) transfer.messages().get(0).message()).granted()).isTrue();
    assertThat(b.term()).isEqualTo(term + 1);
  }

  @Test
  void checkQuorum_leaderCutOff_stepsDown() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    net.queue.clear();
    for (int i = 0; i < 25; i++) {
      net.now += 10;
      net.tick("a");
      net.queue.clear(); // the followers hear nothing and answer nothing
    }
    assertThat(net.get("a").role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  void preVote_partitionedNodeRejoins_doesNotDisruptLeader() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    long term = net.get("a").term();
    // c is cut off and times out repeatedly: pre-votes never raise its term.
    for (int i = 0; i < 5; i++) {
      net.now += 300;
      net.tick("c");
      net.queue.removeIf(m -> m.from().equals("c") || m.to().equals("c"));
    }
    assertThat(net.get("c").term()).isEqualTo(term);
    net.tick("a");
    net.deliverAll();
    assertThat(net.get("a").role()).isEqualTo(Role.LEADER);
    assertThat(net.get("a").term()).isEqualTo(term);
  }

  @Test
  void higherTermAppend_candidateStepsDown() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.now = 250;
    net.tick("a");
    net.queue.clear();
    Effects e = net.get("a").onMessage("b", new AppendRequest(5, 0, 0, List.of(), 0, 0, true), net.now);
    assertThat(net.get("a").role()).isEqualTo(Role.FOLLOWER);
    assertThat(net.get("a").leader()).isEqualTo("b");
    assertThat(e.hardState()).isEqualTo(new HardState(5, null));
  }

  @Test
  void staleTermMessage_answeredWithCurrentTerm() {
    PersistedState s = new PersistedState(new HardState(7, null), null, List.of());
    RaftCore c = new RaftCore("c", CoreNet.config(), new Random(1), s, Membership.of("a", "b", "c"), 0);
    Effects e = c.onMessage("a", new AppendRequest(3, 0, 0, List.of(), 0, 0, false), 0);
    assertThat(e.messages()).singleElement().satisfies(o -> assertThat(o.message().term()).isEqualTo(7));
    assertThat(c.term()).isEqualTo(7);
  }

  @Test
  void messageFromSelf_ignored() {
    CoreNet net = CoreNet.of("a", "b", "c");
    Effects e = net.get("a").onMessage("a", new VoteRequest(9, 0, 0, false, false), 0);
    assertThat(e.messages()).isEmpty();
    assertThat(net.get("a").term()).isZero();
  }

  @Test
  void singleNode_electsItselfAndCommits() {
    CoreNet net = CoreNet.of("solo");
    net.elect("solo");
    assertThat(net.get("solo").role()).isEqualTo(Role.LEADER);
    Effects p = net.handle("solo", net.get("solo").propose("x".getBytes(), net.now));
    assertThat(p.proposed()).containsExactly(2L);
    assertThat(net.get("solo").commitIndex()).isEqualTo(2);
  }
}
