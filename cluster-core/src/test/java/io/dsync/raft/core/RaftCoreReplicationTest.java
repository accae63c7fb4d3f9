package io.dsync.raft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.raft.core.RaftMessage.AppendRequest;
import io.dsync.raft.core.RaftMessage.AppendResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Log replication (§5.3), the commit rule (§5.4.2, Figure 8), fast repair, pipelining, batching. */
class RaftCoreReplicationTest {

  private static LogEntry cmd(long index, long term) {
    return new LogEntry(index, term, EntryType.COMMAND, ("e" + index + "@" + term).getBytes());
  }

  private static PersistedState state(long term, LogEntry... entries) {
    return new PersistedState(new HardState(term, null), null, List.of(entries));
  }

  @Test
  void propose_onFollower_rejectedWithLeaderHint() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    Effects e = net.get("b").propose("x".getBytes(), net.now);
    assertThat(e.proposed()).isEmpty();
    assertThat(e.rejection()).contains("not the leader");
    assertThat(e.leaderHint()).isEqualTo("a");
    assertThat(e.entries()).isEmpty();
  }

  @Test
  void propose_replicatedAndCommittedEverywhere() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    Effects p = net.handle("a", net.get("a").propose(List.of("x".getBytes(), "y".getBytes()), net.now));
    assertThat(p.proposed()).containsExactly(2L, 3L);
    assertThat(p.entries()).as("appended entries are persisted by the leader too").hasSize(2);
    net.deliverAll();
    assertThat(net.get("a").commitIndex()).isEqualTo(3);
    net.now += 10;
    net.tick("a");
    net.deliverAll();
    for (String id : List.of("a", "b", "c")) {
      assertThat(net.committed(id)).extracting(LogEntry::index).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void leaderReplication_mayPrecedeItsFsync_followerAnswersMayNot() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    Effects p = net.get("a").propose("x".getBytes(), net.now);
    assertThat(p.needsPersist()).isTrue();
    assertThat(p.messages()).isNotEmpty().allSatisfy(o -> {
      assertThat(o.message()).isInstanceOf(AppendRequest.class);
      assertThat(o.early()).isTrue();
    });
    Effects f = net.get("b").onMessage("a", p.messages().get(0).message(), net.now);
    assertThat(f.needsPersist()).isTrue();
    assertThat(f.messages()).singleElement().satisfies(o -> assertThat(o.early()).isFalse());
  }

  @Test
  void leader_countsItselfOnlyAfterPersisted() {
    RaftCore solo = new RaftCore("s", CoreNet.config(), new Random(1), PersistedState.EMPTY, Membership.of("s"), 0);
    Effects e = solo.onTick(1000);
    assertThat(solo.role()).isEqualTo(Role.LEADER);
    assertThat(solo.commitIndex()).as("noop not durable yet").isZero();
    Effects p = solo.onPersisted(e.lastIndex(), e.lastTerm(), 1000);
    assertThat(solo.commitIndex()).isEqualTo(1);
    assertThat(p.committed()).hasSize(1);
  }

  @Test
  void onPersisted_staleAfterTruncation_ignored() {
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1), state(1, cmd(1, 1)), Membership.of("l", "f", "x"), 0);
    f.onMessage("l", new AppendRequest(2, 1, 1, List.of(cmd(2, 2), cmd(3, 2)), 0, 0, false), 1);
    Effects t = f.onMessage("l2", new AppendRequest(3, 1, 1, List.of(cmd(2, 3)), 0, 0, false), 2);
    assertThat(t.truncateFrom()).isEqualTo(2);
    f.onPersisted(3, 2, 3); // the first batch's mark: index 3 no longer exists
    assertThat(f.status().lastIndex()).isEqualTo(2);
  }

  @Test
  void append_prevMismatch_conflictHintPointsAtTermStart() {
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1),
        state(3, cmd(1, 1), cmd(2, 2), cmd(3, 2), cmd(4, 2)), Membership.of("l", "f", "x"), 0);
    Effects e = f.onMessage("l", new AppendRequest(4, 4, 3, List.of(), 0, 0, false), 1);
    AppendResponse r = (AppendResponse) e.messages().get(0).message();
    assertThat(r.success()).isFalse();
    assertThat(r.conflictTerm()).isEqualTo(2);
    assertThat(r.conflictIndex()).isEqualTo(2);
    Effects tooShort = f.onMessage("l", new AppendRequest(4, 9, 4, List.of(), 0, 0, false), 1);
    AppendResponse r2 = (AppendResponse) tooShort.messages().get(0).message();
    assertThat(r2.conflictTerm()).isZero();
    assertThat(r2.conflictIndex()).isEqualTo(5);
  }

  @Test
  void append_conflictingSuffix_truncatedAndReplaced() {
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1),
        state(2, cmd(1, 1), cmd(2, 2), cmd(3, 2)), Membership.of("l", "f", "x"), 0);
    Effects e = f.onMessage("l", new AppendRequest(3, 1, 1, List.of(cmd(2, 3)), 1, 0, false), 1);
    assertThat(e.truncateFrom()).isEqualTo(2);
    assertThat(e.entries()).containsExactly(cmd(2, 3));
    assertThat(f.termAt(2)).isEqualTo(3);
    assertThat(f.lastIndex()).isEqualTo(2);
    assertThat(e.committed()).containsExactly(cmd(1, 1));
  }

  @Test
  void append_duplicateDelivery_idempotent() {
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1), PersistedState.EMPTY, Membership.of("l", "f", "x"), 0);
    AppendRequest req = new AppendRequest(1, 0, 0, List.of(cmd(1, 1), cmd(2, 1)), 0, 0, false);
    assertThat(f.onMessage("l", req, 1).entries()).hasSize(2);
    Effects again = f.onMessage("l", req, 2);
    assertThat(again.entries()).isEmpty();
    assertThat(again.truncateFrom()).isZero();
  }

  @Test
  void append_nonConsecutiveEntries_ignored() {
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1), PersistedState.EMPTY, Membership.of("l", "f", "x"), 0);
    Effects e = f.onMessage("l", new AppendRequest(1, 0, 0, List.of(cmd(1, 1), cmd(3, 1)), 0, 0, false), 1);
    assertThat(e.entries()).isEmpty();
    assertThat(e.messages()).isEmpty();
    assertThat(f.lastIndex()).isZero();
  }

  @Test
  void leader_usesConflictHint_repairsDivergentFollowerQuickly() {
    // Follower c holds a long run of term-2 entries the new leader (term 3) never had.
    List<LogEntry> stale = new ArrayList<>(List.of(cmd(1, 1)));
    for (int i = 2; i <= 40; i++) {
      stale.add(cmd(i, 2));
    }
    CoreNet net = new CoreNet(CoreNet.config());
    Membership m = Membership.of("a", "b", "c");
    net.add("a", state(2, cmd(1, 1)), m);
    net.add("b", state(2, cmd(1, 1)), m);
    net.add("c", state(2, stale.toArray(new LogEntry[0])), m);
    net.now = 1000;
    net.queue.clear();
    net.tick("a");
    int delivered = net.deliverAll(msg -> msg.to().equals("c") || msg.from().equals("c"));
    assertThat(net.get("a").role()).isEqualTo(Role.LEADER);
    net.now += 10;
    net.tick("a");
    int repair = net.deliverAll();
    assertThat(net.get("c").lastIndex()).isEqualTo(net.get("a").lastIndex());
    assertThat(net.get("c").termAt(2)).isEqualTo(net.get("a").termAt(2));
    assertThat(repair).as("one hint skips the whole stale term, not one entry per round trip").isLessThan(20);
    assertThat(delivered).isPositive();
  }

  @Test
  void replicate_pipelinedUpToInflightLimit_batched() {
    RaftConfig cfg = CoreNet.config().withBatching(2, 1 << 20, 3, 1024);
    CoreNet net = new CoreNet(cfg);
    Membership m = Membership.of("a", "b", "c");
    for (String id : List.of("a", "b", "c")) {
      net.add(id, PersistedState.EMPTY, m);
    }
    net.elect("a");
    List<byte[]> cmds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      cmds.add(new byte[] {(byte) i});
    }
    Effects e = net.handle("a", net.get("a").propose(cmds, net.now));
    long toB = net.queue.stream().filter(msg -> msg.to().equals("b") && msg.message() instanceof AppendRequest).count();
    assertThat(toB).as("inflight limit").isEqualTo(3);
    assertThat(net.queue.stream().filter(msg -> msg.to().equals("b")).map(msg -> (AppendRequest) msg.message()))
        .allSatisfy(a -> assertThat(a.entries()).hasSize(2));
    assertThat(e.proposed()).hasSize(20);
    net.deliverAll();
    assertThat(net.get("a").commitIndex()).isEqualTo(21);
  }

  @Test
  void commit_onlyCurrentTermEntriesByCounting_figure8() {
    // Figure 8 (c): S1 leads term 4 with index 2 from term 2; S5 holds index 2 from term 3.
    Membership m = Membership.of("s1", "s2", "s3", "s4", "s5");
    CoreNet net = new CoreNet(CoreNet.config());
    net.add("s1", state(3, cmd(1, 1), cmd(2, 2)), m);
    net.add("s2", state(3, cmd(1, 1), cmd(2, 2)), m);
    net.add("s3", state(3, cmd(1, 1)), m);
    net.add("s4", state(3, cmd(1, 1)), m);
    net.add("s5", state(3, cmd(1, 1), cmd(2, 3)), m);
    net.now = 1000;
    net.tick("s1");
    net.deliverAll(msg -> msg.to().equals("s5") || msg.to().equals("s4") || msg.message() instanceof AppendRequest);
    RaftCore s1 = net.get("s1");
    assertThat(s1.role()).isEqualTo(Role.LEADER);
    assertThat(s1.term()).isEqualTo(4);
    assertThat(s1.lastIndex()).isEqualTo(3); // its no-op of term 4
    net.queue.clear();
    // S2 and S3 store index 2 (term 2): it is on a majority {S1, S2, S3}...
    net.handle("s1", s1.onMessage("s2", new AppendResponse(4, true, 2, 0, 0, 1, 0, false), net.now));
    net.handle("s1", s1.onMessage("s3", new AppendResponse(4, true, 2, 0, 0, 1, 0, false), net.now));
    // ...but §5.4.2 forbids committing it by counting, because it is not of the current term.
    assertThat(s1.commitIndex()).isZero();

    // Figure 8 (d): why. S1 crashes; S5 (last term 3) wins with S2, S3, S4 and overwrites index 2.
    net.queue.clear();
    net.cores.remove("s1");
    RaftCore s5 = net.get("s5");
    for (int i = 0; i < 3 && s5.role() != Role.LEADER; i++) { // first attempt only learns term 4
      net.now += 1000;
      net.tick("s5");
      net.deliverAll();
    }
    assertThat(s5.role()).isEqualTo(Role.LEADER);
    net.now += 10;
    net.tick("s5");
    net.deliverAll();
    assertThat(net.get("s3").termAt(2)).isEqualTo(3);
    assertThat(net.get("s2").termAt(2)).as("the term-2 entry was never committed, so replacing it is safe").isEqualTo(3);
  }

  @Test
  void commit_currentTermEntryOnMajority_commitsEarlierEntriesToo_figure8e() {
    Membership m = Membership.of("s1", "s2", "s3", "s4", "s5");
    CoreNet net = new CoreNet(CoreNet.config());
    net.add("s1", state(3, cmd(1, 1), cmd(2, 2)), m);
    net.add("s2", state(3, cmd(1, 1), cmd(2, 2)), m);
    net.add("s3", state(3, cmd(1, 1)), m);
    net.add("s4", state(3, cmd(1, 1)), m);
    net.add("s5", state(3, cmd(1, 1), cmd(2, 3)), m);
    net.now = 1000;
    net.tick("s1");
    net.deliverAll(msg -> msg.to().equals("s5"));
    RaftCore s1 = net.get("s1");
    assertThat(s1.role()).isEqualTo(Role.LEADER);
    assertThat(s1.commitIndex()).isEqualTo(3);
    assertThat(net.committed("s1")).extracting(LogEntry::index).containsExactly(1L, 2L, 3L);
    // Figure 8 (e): now S5 can never win: a majority has an entry of term 4.
    net.now += 1000;
    net.tick("s5");
    net.deliverAll();
    assertThat(net.get("s5").role()).isNotEqualTo(Role.LEADER);
  }

  @Test
  void impossibleAnswersFromPeers_ignored() {
    CoreNet net = CoreNet.of("a", "b", "c");
    net.elect("a");
    RaftCore a = net.get("a");
    long commit = a.commitIndex();
    Effects e = a.onMessage("b", new AppendResponse(a.term(), true, 1_000_000, 0, 0, 0, 0, false), net.now);
    Effects f = a.onMessage("zz", new AppendResponse(a.term(), true, 1, 0, 0, 0, 0, false), net.now);
    Effects g = a.onMessage("b", new RaftMessage.SnapshotResponse(a.term(), 5, -1, false, 0), net.now);
    assertThat(e.messages()).isEmpty();
    assertThat(f.messages()).isEmpty();
    assertThat(g.messages()).isEmpty();
    assertThat(a.commitIndex()).isEqualTo(commit);
    assertThat(a.status().matchIndex().get("b")).isLessThanOrEqualTo(a.lastIndex());
  }

  @Test
  void constructor_gapInPersistedLog_refused() {
    assertThatThrownBy(() -> new RaftCore("a", CoreNet.config(), new Random(1), state(1, cmd(1, 1), cmd(3, 1)),
        Membership.of("a"), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gap");
  }

  @Test
  void compact_beyondApplied_refused() {
    CoreNet net = CoreNet.of("a");
    assertThatThrownBy(() -> net.get("a").compact(new SnapshotImage(5, 1, Membership.of("a"), new byte[0])))
        .isInstanceOf(IllegalStateException.class);
  }
}
