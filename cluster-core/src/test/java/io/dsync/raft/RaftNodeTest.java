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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver alone: requests without a leader time out or fail cleanly when the node stops. */
class RaftNodeTest {
  @TempDir Path dir;

  private RaftNode lonelyMemberOfThree(InVmNetwork net, long requestTimeoutMillis) {
    Transport t = net.transport(NodeId.of("x"));
    t.start((from, m, reply) -> {});
    RaftNodeOptions o = RaftNodeOptions.defaults().withFsync(FsyncPolicy.NEVER);
    o = new RaftNodeOptions(o.raft().withTimeouts(100, 10), o.fsync(), o.snapshotEveryEntries(),
        o.sessionTimeoutMillis(), requestTimeoutMillis, o.segmentBytes());
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
      RaftNodeOptions o = RaftNodeOptions.defaults().withFsync(FsyncPolicy.NEVER);
      try (RaftNode n = new RaftNode("kv", NodeId.of("solo"), Membership.of("solo"), new KvStateMachine(), dir, t, o)) {
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<CompletableFuture<byte[]>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          CompletableFuture<byte[]> f = n.submit(KvCommands.put("k" + (i % 7), new byte[] {(byte) i}));
          f.whenComplete((r, ex) -> threads.add(Thread.currentThread().getName()));
          all.add(f);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(KvCommands.value(all.get(199).get())).isEqualTo(new byte[] {(byte) 192});
        assertThat(threads).noneMatch(name -> name.equals("raft-kv-solo"));
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
      RaftNodeOptions o = RaftNodeOptions.defaults().withFsync(FsyncPolicy.NEVER);
      try (RaftNode n = new RaftNode("kv", NodeId.of("solo"), Membership.of("solo"), new KvStateMachine(), dir, t, o)) {
        n.submit(KvCommands.put("k", new byte[] {7})).get(10, TimeUnit.SECONDS);
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<CompletableFuture<byte[]>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
          CompletableFuture<byte[]> f = n.submitDirect(KvCommands.put("k", new byte[] {(byte) i}));
          f.whenComplete((r, ex) -> threads.add(Thread.currentThread().getName()));
          all.add(f);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(KvCommands.value(all.get(0).get())).isEqualTo(new byte[] {7}); // previous value, as submit answers
        assertThat(KvCommands.value(all.get(49).get())).isEqualTo(new byte[] {48});
        // a dependent registered before completion runs where it completes: the Raft thread
        assertThat(threads).contains("raft-kv-solo");
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
}
