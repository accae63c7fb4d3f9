package io.dsync.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.raft.core.RaftMessage.SnapshotRequest;
import io.dsync.raft.core.RaftMessage.SnapshotResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Compaction and chunked InstallSnapshot (§7). */
class RaftCoreSnapshotTest {

  private static CoreNet threeWithSmallChunks() {
    CoreNet net = new CoreNet(CoreNet.config().withBatching(64, 1 << 20, 4, 10));
    Membership m = Membership.of("a", "b", "c");
    for (String id : List.of("a", "b", "c")) {
      net.add(id, PersistedState.EMPTY, m);
    }
    return net;
  }

  @Test
  void laggingFollower_receivesSnapshotInChunks_thenEntries() {
    CoreNet net = threeWithSmallChunks();
    net.elect("a");
    RaftCore a = net.get("a");
    for (int i = 0; i < 10; i++) {
      net.handle("a", a.propose(("cmd" + i).getBytes(), net.now));
    }
    net.deliverAll(m -> m.to().equals("c"));
    assertThat(a.commitIndex()).isEqualTo(11);
    byte[] data = new byte[35];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    a.compact(new SnapshotImage(11, a.termAt(11), a.membershipAt(11), data));
    assertThat(a.snapshotIndex()).isEqualTo(11);
    net.handle("a", a.propose("after".getBytes(), net.now));
    net.queue.removeIf(m -> m.to().equals("c"));
    for (int round = 0; round < 10; round++) {
      net.now += 10;
      net.tick("a");
      net.deliverAll();
    }
    RaftCore c = net.get("c");
    long chunks = net.effects.get("a").stream().flatMap(e -> e.messages().stream())
        .filter(o -> o.message() instanceof SnapshotRequest).map(o -> ((SnapshotRequest) o.message()).offset())
        .distinct().count();
    assertThat(chunks).as("35 bytes in chunks of 10").isEqualTo(4);
    Effects installed = net.effects.get("c").stream().filter(e -> e.snapshot() != null).findFirst().orElseThrow();
    assertThat(installed.snapshot().data()).isEqualTo(data);
    assertThat(installed.snapshot().index()).isEqualTo(11);
    assertThat(c.snapshotIndex()).isEqualTo(11);
    assertThat(c.lastIndex()).isEqualTo(12);
    assertThat(net.committed("c")).extracting(LogEntry::index).contains(12L).doesNotContain(5L);
  }

  @Test
  void snapshotChunk_outOfOrder_askedToRestart() {
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1), PersistedState.EMPTY, Membership.of("l", "f", "x"), 0);
    Effects e = f.onMessage("l", new SnapshotRequest(1, 10, 1, Membership.of("l", "f", "x"), 20, new byte[5], false), 1);
    SnapshotResponse r = (SnapshotResponse) e.messages().get(0).message();
    assertThat(r.done()).isFalse();
    assertThat(r.nextOffset()).isZero();
    assertThat(e.snapshot()).isNull();
  }

  @Test
  void snapshotChunk_lateDuplicateOfFirstChunk_keepsAssembly() {
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1), PersistedState.EMPTY, Membership.of("l", "f", "x"), 0);
    Membership m = Membership.of("l", "f", "x");
    f.onMessage("l", new SnapshotRequest(1, 10, 1, m, 0, new byte[] {1, 2}, false), 1);
    f.onMessage("l", new SnapshotRequest(1, 10, 1, m, 2, new byte[] {3, 4}, false), 2);
    Effects dup = f.onMessage("l", new SnapshotRequest(1, 10, 1, m, 0, new byte[] {1, 2}, false), 3);
    assertThat(((SnapshotResponse) dup.messages().get(0).message()).nextOffset()).isEqualTo(4);
    Effects done = f.onMessage("l", new SnapshotRequest(1, 10, 1, m, 4, new byte[] {5}, true), 4);
    assertThat(done.snapshot().data()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void leader_followsFollowersOffsetBackwards() {
    CoreNet net = threeWithSmallChunks();
    net.elect("a");
    RaftCore a = net.get("a");
    net.handle("a", a.propose("x".getBytes(), net.now));
    net.deliverAll(m -> m.to().equals("c"));
    a.compact(new SnapshotImage(2, a.termAt(2), a.membershipAt(2), new byte[40]));
    net.queue.clear();
    for (int i = 0; i < 5; i++) {
      net.now += 10;
      net.tick("a"); // c answers heartbeats, is found behind the snapshot: streaming starts (chunks lost)
      net.deliverAll(m -> m.to().equals("c") && m.message() instanceof SnapshotRequest);
    }
    Outbound first = net.effects.get("a").stream().flatMap(x -> x.messages().stream())
        .filter(o -> o.to().equals("c") && o.message() instanceof SnapshotRequest).findFirst().orElseThrow();
    net.queue.clear();
    // c claims it holds nothing (it restarted): the leader must go back to offset 0.
    Effects e = net.handle("a", a.onMessage("c", new SnapshotResponse(a.term(), 2, 10, false, 0), net.now));
    Effects back = net.handle("a", a.onMessage("c", new SnapshotResponse(a.term(), 2, 0, false, 0), net.now));
    assertThat(back.messages()).anySatisfy(o -> assertThat(((SnapshotRequest) o.message()).offset()).isZero());
    assertThat(e.messages()).isNotEmpty();
    assertThat(first.message()).isInstanceOf(SnapshotRequest.class);
  }

  @Test
  void snapshot_matchingLogSuffix_kept() {
    List<LogEntry> log = List.of(LogEntry.noop(1, 1), LogEntry.noop(2, 1), LogEntry.noop(3, 1));
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1), new PersistedState(new HardState(1, null), null, log),
        Membership.of("l", "f", "x"), 0);
    Effects e = f.onMessage("l", new SnapshotRequest(1, 2, 1, Membership.of("l", "f", "x"), 0, new byte[] {7}, true), 1);
    assertThat(e.snapshot()).isNotNull();
    assertThat(e.truncateFrom()).isZero();
    assertThat(f.lastIndex()).isEqualTo(3);
    assertThat(f.commitIndex()).isEqualTo(2);
  }

  @Test
  void snapshot_conflictingLog_discarded() {
    List<LogEntry> log = List.of(LogEntry.noop(1, 1), LogEntry.noop(2, 1), LogEntry.noop(3, 1));
    RaftCore f = new RaftCore("f", CoreNet.config(), new Random(1), new PersistedState(new HardState(2, null), null, log),
        Membership.of("l", "f", "x"), 0);
    Effects e = f.onMessage("l", new SnapshotRequest(2, 2, 2, Membership.of("l", "f", "x"), 0, new byte[] {7}, true), 1);
    assertThat(e.truncateFrom()).isEqualTo(3);
    assertThat(f.lastIndex()).isEqualTo(2);
    assertThat(f.termAt(2)).isEqualTo(2);
  }

  @Test
  void restart_fromSnapshot_commitStartsThere() {
    SnapshotImage s = new SnapshotImage(5, 2, Membership.of("a", "b", "c"), new byte[] {1});
    RaftCore c = new RaftCore("a", CoreNet.config(), new Random(1),
        new PersistedState(new HardState(2, null), s, List.of(LogEntry.noop(5, 2), LogEntry.noop(6, 2))),
        Membership.EMPTY, 0);
    assertThat(c.commitIndex()).isEqualTo(5);
    assertThat(c.lastIndex()).isEqualTo(6);
    assertThat(c.membership().voters()).containsExactly("a", "b", "c");
  }
}
