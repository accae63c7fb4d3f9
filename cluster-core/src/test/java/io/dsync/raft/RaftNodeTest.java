package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.net.InVmNetwork;
import io.dsync.net.Transport;
import io.dsync.raft.core.Membership;
import io.dsync.raft.kv.KvCommands;
import io.dsync.raft.kv.KvStateMachine;
import io.dsync.raft.log.FsyncPolicy;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver alone: requests without a leader time out or fail cleanly when the node stops;
 * results complete where documented; close works from any thread. Both loop placements: the
 * group on a thread of its own, and on the transport's peer executor ({@code raft.ioThread}).
 */
@ParameterizedClass(name = "ioThread={0}")
@ValueSource(booleans = {false, true})
class RaftNodeTest {
  @TempDir Path dir;
  @Parameter boolean ioThread;

  private RaftNodeOptions options() {
    return RaftNodeOptions.defaults().withFsync(FsyncPolicy.NEVER).withIoThread(ioThread);
  }

  private RaftNode lonelyMemberOfThree(InVmNetwork net, long requestTimeoutMillis) {
    Transport t = net.transport(NodeId.of("x"));
    t.start((from, m, reply) -> {});
    RaftNodeOptions o = options();
    o = new RaftNodeOptions(o.raft().withTimeouts(100, 10), o.fsync(), o.snapshotEveryEntries(),
        o.sessionTimeoutMillis(), requestTimeoutMillis, o.segmentBytes(), false, ioThread);
    return new RaftNode("kv", NodeId.of("x"), Membership.of("x", "ghost1", "ghost2"), new KvStateMachine(), dir, t, o);
  }

  @Test
  void noQuorum_submitTimesOut_outcomeUnknown() {
    try (InVmNetwork net = new InVmNetwork(); RaftNode n = lonelyMemberOfThree(net, 300)) {
      assertThatThrownBy(() -> n.submit(KvCommands.put("a", new byte[] {1})).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(RaftException.class)
          .satisfies(e -> assertThat(((RaftException) e).kind()).isEqualTo(RaftException.Kind.TIMEOUT));
      assertThatThrownBy(() -> n.read(KvCommands.get("a")).get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(RaftException.class);
    }
  }

  @Test
  void results_completeOffTheRaftThread_inBatches() throws Exception {
    try (InVmNetwork net = new InVmNetwork()) {
      Transport t = net.transport(NodeId.of("solo"));
      t.start((from, m, reply) -> {});
      RaftNodeOptions o = options();
      try (RaftNode n = new RaftNode("kv", NodeId.of("solo"), Membership.of("solo"), new KvStateMachine(), dir, t, o)) {
        java.util.Set<Boolean> onLoop = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<CompletableFuture<byte[]>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          CompletableFuture<byte[]> f = n.submit(KvCommands.put("k" + (i % 7), new byte[] {(byte) i}));
          f.whenComplete((r, ex) -> onLoop.add(n.onLoopThread()));
          all.add(f);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(KvCommands.value(all.get(199).get())).isEqualTo(new byte[] {(byte) 192});
        assertThat(onLoop).containsOnly(false);
        assertThat(n.loopThread()).isNotNull();
        assertThat(n.loopThread().getName()).isEqualTo(ioThread ? "dsync-invm-solo" : "raft-kv-solo");
        RaftNode.Counters c = n.counters();
        assertThat(c.proposed()).isGreaterThanOrEqualTo(200);
        assertThat(c.proposalBatches()).isBetween(1L, c.proposed());
      }
    }
  }

  @Test
  void submitDirect_completesOnTheRaftThread_withTheSameResults() throws Exception {
    try (InVmNetwork net = new InVmNetwork()) {
      Transport t = net.transport(NodeId.of("solo"));
      t.start((from, m, reply) -> {});
      RaftNodeOptions o = options();
      try (RaftNode n = new RaftNode("kv", NodeId.of("solo"), Membership.of("solo"), new KvStateMachine(), dir, t, o)) {
        n.submit(KvCommands.put("k", new byte[] {7})).get(10, TimeUnit.SECONDS);
        java.util.Set<Boolean> onLoop = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<CompletableFuture<byte[]>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
          CompletableFuture<byte[]> f = n.submitDirect(KvCommands.put("k", new byte[] {(byte) i}));
          f.whenComplete((r, ex) -> onLoop.add(n.onLoopThread()));
          all.add(f);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(KvCommands.value(all.get(0).get())).isEqualTo(new byte[] {7}); // previous value, as submit answers
        assertThat(KvCommands.value(all.get(49).get())).isEqualTo(new byte[] {48});
        // a dependent registered before completion runs where it completes: the group's loop
        assertThat(onLoop).contains(true);
      }
    }
  }

  @Test
  void stop_failsRequestsWaitingForRetry() throws Exception {
    try (InVmNetwork net = new InVmNetwork()) {
      RaftNode n = lonelyMemberOfThree(net, 60_000);
      CompletableFuture<byte[]> w = n.submit(KvCommands.put("a", new byte[] {1}));
      CompletableFuture<byte[]> r = n.read(KvCommands.get("a"));
      n.close();
      assertThatThrownBy(() -> w.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(RaftException.class)
          .satisfies(e -> assertThat(((RaftException) e).kind()).isEqualTo(RaftException.Kind.STOPPED));
      assertThatThrownBy(() -> r.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(RaftException.class);
      assertThat(n.isRunning()).isFalse();
    }
  }

  @Test
  void close_fromAnotherThreadWhileBusy_everyRequestEnds() throws Exception {
    try (InVmNetwork net = new InVmNetwork()) {
      Transport t = net.transport(NodeId.of("solo"));
      t.start((from, m, reply) -> {});
      RaftNode n = new RaftNode("kv", NodeId.of("solo"), Membership.of("solo"), new KvStateMachine(), dir, t, options());
      n.submit(KvCommands.put("k", new byte[] {1})).get(10, TimeUnit.SECONDS);
      java.util.List<CompletableFuture<byte[]>> all = new java.util.ArrayList<>();
      Thread submitter = new Thread(() -> {
        for (int i = 0; i < 5_000; i++) {
          all.add(i % 2 == 0 ? n.submit(KvCommands.put("k", new byte[] {(byte) i})) : n.submitDirect(KvCommands.get("k")));
        }
      });
      submitter.start();
      Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> n.appliedIndex() > 10);
      Thread closer = new Thread(n::close);
      closer.start();
      closer.join(20_000);
      assertThat(closer.isAlive()).isFalse();
      submitter.join(20_000);
      assertThat(n.isRunning()).isFalse();
      // applied, or failed as stopped: none left hanging
      Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> all.stream().allMatch(CompletableFuture::isDone));
      for (CompletableFuture<byte[]> f : all) {
        if (f.isCompletedExceptionally()) {
          assertThatThrownBy(f::get).cause().isInstanceOf(RaftException.class)
              .satisfies(e -> assertThat(((RaftException) e).kind()).isEqualTo(RaftException.Kind.STOPPED));
        }
      }
      assertThatThrownBy(() -> n.submit(new byte[] {1}).get(5, TimeUnit.SECONDS)).cause()
          .isInstanceOf(RaftException.class);
    }
  }

  @Test
  void close_fromTheGroupsOwnLoop_returnsAtOnce_thenTheGroupStops() throws Exception {
    try (InVmNetwork net = new InVmNetwork()) {
      Transport t = net.transport(NodeId.of("solo"));
      t.start((from, m, reply) -> {});
      RaftNode n = new RaftNode("kv", NodeId.of("solo"), Membership.of("solo"), new KvStateMachine(), dir, t, options());
      CompletableFuture<Boolean> closedOnLoop = new CompletableFuture<>();
      n.submitDirect(KvCommands.put("k", new byte[] {1})).whenComplete((r, ex) -> {
        boolean onLoop = n.onLoopThread();
        n.close(); // would deadlock if it waited for the turn it runs in
        closedOnLoop.complete(onLoop);
      });
      assertThat(closedOnLoop.get(10, TimeUnit.SECONDS)).isTrue();
      Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !n.isRunning());
      n.close(); // idempotent, and waits for the stop begun on the loop
      assertThatThrownBy(() -> n.submit(new byte[] {1}).get(5, TimeUnit.SECONDS)).cause()
          .isInstanceOf(RaftException.class);
    }
  }

  @Test
  void ioThreadSetting_parsed_defaultOn_badValueNamed() {
    assertThat(RaftNodeOptions.fromSettings(java.util.Map.of()).ioThread()).isTrue();
    assertThat(RaftNodeOptions.fromSettings(java.util.Map.of("raft.ioThread", "false")).ioThread()).isFalse();
    assertThatThrownBy(() -> RaftNodeOptions.fromSettings(java.util.Map.of("raft.ioThread", "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raft.ioThread");
  }
}
