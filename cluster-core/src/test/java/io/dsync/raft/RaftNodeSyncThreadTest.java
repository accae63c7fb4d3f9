package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.cluster.NodeId;
import io.dsync.net.InVmNetwork;
import io.dsync.net.Transport;
import io.dsync.raft.RaftWire.Envelope;
import io.dsync.raft.RaftWire.ForwardRequest;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.RaftMessage.AppendResponse;
import io.dsync.raft.kv.KvCommands;
import io.dsync.raft.kv.KvStateMachine;
import io.dsync.raft.log.FsyncPolicy;
import io.dsync.wire.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sync thread of {@link RaftNode}, on three in-process nodes (in-VM transport, real files,
 * fsync always). Each node's sync thread passes a gate before every force; a test closes a gate
 * to hold that node's fsync open as long as it likes. Goals: (1) while the leader's own force
 * is held, its Raft thread keeps handling acknowledgements and commits (and answers) entries the
 * followers made durable; (2) a follower acknowledges nothing before its force completes: with
 * both followers' forces held, no acknowledgement of a new entry leaves and nothing commits —
 * whether followers force on their sync thread or on their Raft thread. Both loop placements
 * ({@code raft.ioThread}: each group on its transport's delivery thread, or on its own thread).
 */
@ParameterizedClass(name = "ioThread={0}")
@ValueSource(booleans = {true, false})
class RaftNodeSyncThreadTest {
  @TempDir Path root;
  @Parameter boolean ioThread;
  private InVmNetwork net;
  private final Map<String, RaftNode> nodes = new LinkedHashMap<>();
  private final Map<String, Gate> gates = new LinkedHashMap<>();
  /** (sender, acknowledgement) for every successful AppendResponse sent. */
  private final ConcurrentLinkedQueue<Map.Entry<String, AppendResponse>> acks = new ConcurrentLinkedQueue<>();

  /** Held by a test: the sync thread waits here before forcing. */
  static final class Gate implements Runnable {
    private volatile boolean closed;
    private final Semaphore permits = new Semaphore(0);
    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger passed = new AtomicInteger();

    @Override
    public void run() {
      if (closed) {
        waiting.incrementAndGet();
        permits.acquireUninterruptibly();
        waiting.decrementAndGet();
      }
      passed.incrementAndGet();
    }

    void close() {
      permits.drainPermits();
      closed = true;
    }

    void open() {
      closed = false;
      permits.release(1_000);
    }
  }

  /** Records the acknowledgements a node sends, then sends them. */
  private final class Recording implements Transport {
    private final Transport t;

    Recording(Transport t) {
      this.t = t;
    }

    @Override
    public NodeId localId() {
      return t.localId();
    }

    @Override
    public void start(io.dsync.net.InboundHandler handler) {
      t.start(handler);
    }

    @Override
    public void send(NodeId to, Message message) {
      if (message instanceof Envelope e && e.message() instanceof AppendResponse r && r.success()) {
        acks.add(Map.entry(t.localId().value(), r));
      }
      t.send(to, message);
    }

    @Override
    public CompletableFuture<Message> request(NodeId to, Message request, Duration timeout) {
      return t.request(to, request, timeout);
    }

    @Override
    public java.util.Optional<java.util.concurrent.ScheduledExecutorService> peerExecutor() {
      return t.peerExecutor();
    }

    @Override
    public void close() {
      t.close();
    }
  }

  private void start(boolean followerSyncThread) {
    start(followerSyncThread, 10_000);
  }

  private void start(boolean followerSyncThread, long snapshotEveryEntries) {
    net = new InVmNetwork();
    RaftNodeOptions o = RaftNodeOptions.defaults().withFsync(FsyncPolicy.ALWAYS).withFollowerSyncThread(followerSyncThread)
        .withSnapshotEvery(snapshotEveryEntries).withIoThread(ioThread);
    // long enough that a held follower (its heartbeat answers wait behind its writes) keeps the leader
    o = o.withRaft(o.raft().withTimeouts(2_000, 50));
    Membership members = Membership.of("a", "b", "c");
    for (String id : List.of("a", "b", "c")) {
      Transport t = new Recording(net.transport(NodeId.of(id)));
      Gate g = new Gate();
      gates.put(id, g);
      RaftNode[] self = new RaftNode[1];
      t.start((from, m, reply) -> {
        RaftNode n = self[0];
        if (n == null) {
          return;
        }
        if (m instanceof Envelope e) {
          n.onMessage(from, e.message());
        } else if (m instanceof ForwardRequest f) {
          n.onForward(from, f, reply);
        }
      });
      self[0] = new RaftNode("kv", NodeId.of(id), members, new KvStateMachine(), root.resolve(id), t, o, g);
      nodes.put(id, self[0]);
    }
  }

  @AfterEach
  void stop() {
    gates.values().forEach(Gate::open);
    nodes.values().forEach(RaftNode::close);
    if (net != null) {
      net.close();
    }
  }

  private String leader() {
    Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5))
        .until(() -> nodes.values().stream().filter(RaftNode::isLeader).count() == 1);
    return nodes.entrySet().stream().filter(e -> e.getValue().isLeader()).findFirst().orElseThrow().getKey();
  }

  private static byte[] put(int i) {
    return KvCommands.put("k" + i, new byte[] {(byte) i});
  }

  @Test
  void leaderForceHeld_acknowledgementsStillCommitAndAnswer() throws Exception {
    start(false);
    String l = leader();
    RaftNode leader = nodes.get(l);
    leader.submit(put(0)).get(15, TimeUnit.SECONDS); // session registered, no-op committed
    Gate g = gates.get(l);
    g.close();
    List<CompletableFuture<byte[]>> first = List.of(leader.submit(put(1)));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> g.waiting.get() == 1); // leader's force held
    int passed = g.passed.get();
    long fsyncs = leader.fsyncCount();
    List<CompletableFuture<byte[]>> more = new ArrayList<>(first);
    for (int i = 2; i <= 50; i++) {
      more.add(leader.submit(put(i)));
    }
    // committed by the two followers' durable copies while the leader still waits for its disk
    CompletableFuture.allOf(more.toArray(new CompletableFuture[0])).get(15, TimeUnit.SECONDS);
    assertThat(g.waiting.get()).isEqualTo(1);
    assertThat(g.passed.get()).isEqualTo(passed);
    assertThat(leader.fsyncCount()).isEqualTo(fsyncs);
    g.open();
    leader.submit(put(51)).get(15, TimeUnit.SECONDS);
    assertThat(leader.counters().syncWaits()).isZero(); // no truncation or snapshot here
  }

  /** Followers force on their sync thread (true) or on their Raft thread (false, the default). */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void followersForceHeld_nothingAcknowledgedOrCommitted_untilTheForceEnds(boolean followerSyncThread) throws Exception {
    start(followerSyncThread);
    String l = leader();
    RaftNode leader = nodes.get(l);
    leader.submit(put(0)).get(15, TimeUnit.SECONDS);
    List<String> followers = nodes.keySet().stream().filter(id -> !id.equals(l)).toList();
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> followers.stream().allMatch(f -> nodes.get(f).status().commitIndex() == leader.status().commitIndex()));
    followers.forEach(f -> gates.get(f).close());
    long last = leader.status().lastIndex();
    CompletableFuture<byte[]> w = leader.submit(put(1));
    // both followers wrote the entry and hold the force that covers it
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
        .until(() -> followers.stream().allMatch(f -> gates.get(f).waiting.get() == 1));
    for (int i = 2; i <= 20; i++) {
      leader.submit(put(i)); // more writes pile up behind the held forces
    }
    if (followerSyncThread) { // their Raft threads go on: they write what arrives meanwhile
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> followers.stream().allMatch(f -> nodes.get(f).status().lastIndex() > last + 1));
    } else { // the leader sent them (early); the followers' Raft threads wait in the force
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> leader.status().lastIndex() > last + 1);
    }
    assertThat(acks).noneMatch(a -> a.getValue().matchIndex() > last);
    assertThat(leader.status().commitIndex()).isLessThanOrEqualTo(last);
    assertThat(w).isNotDone();
    followers.forEach(f -> gates.get(f).open());
    assertThat(w.get(15, TimeUnit.SECONDS)).isNotNull();
    assertThat(acks).anyMatch(a -> a.getValue().matchIndex() > last);
  }

  @Test
  void followerSyncThreadSetting_parsed_badValueNamed() {
    assertThat(RaftNodeOptions.fromSettings(Map.of()).followerSyncThread()).isFalse();
    assertThat(RaftNodeOptions.fromSettings(Map.of("raft.followerSyncThread", " TRUE ")).followerSyncThread()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> RaftNodeOptions.fromSettings(Map.of("raft.followerSyncThread", "yes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raft.followerSyncThread");
  }

  @Test
  void snapshotWhileLeaderForceHeld_waitsForThatForce_thenEverythingCompletes() throws Exception {
    start(false, 20);
    String l = leader();
    RaftNode leader = nodes.get(l);
    leader.submit(put(0)).get(15, TimeUnit.SECONDS);
    Gate g = gates.get(l);
    g.close();
    List<CompletableFuture<byte[]>> all = new ArrayList<>();
    all.add(leader.submit(put(1)));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> g.waiting.get() == 1);
    for (int i = 2; i <= 40; i++) {
      all.add(leader.submit(put(i)));
    }
    // acknowledgements commit these; applying them reaches a snapshot point, and the snapshot
    // (which compacts the log) must wait for the force in flight: the Raft thread parks there
    Thread raft = leader.loopThread();
    assertThat(raft).isNotNull();
    assertThat(raft.getName()).isEqualTo(ioThread ? "dsync-invm-" + l : "raft-kv-" + l);
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
        .until(() -> raft.getState() == Thread.State.WAITING);
    g.open();
    CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(15, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> leader.status().snapshotIndex() >= 20);
    assertThat(leader.counters().syncWaits()).isPositive();
  }
}
