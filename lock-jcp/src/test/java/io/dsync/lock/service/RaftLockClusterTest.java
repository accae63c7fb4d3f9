package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.lock.DistributedLock;
import io.dsync.lock.DsyncLocks;
import io.dsync.net.InVmNetwork;
import io.dsync.net.InVmTransport;
import io.dsync.net.MessageRouter;
import io.dsync.raft.RaftNode;
import io.dsync.raft.RaftNodeOptions;
import io.dsync.raft.RaftWire;
import io.dsync.raft.core.Membership;
import io.dsync.raft.log.FsyncPolicy;
import io.dsync.wire.MessageRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock manager on a real three-node Raft group (in-VM transport, file storage in a temp
 * folder): clients on different nodes exclude each other, fences grow across nodes, a queued
 * request on a follower is granted by a release on another node, and the locks survive the loss
 * of the leader.
 */
class RaftLockClusterTest {
  @TempDir
  Path dir;

  private InVmNetwork network;
  private final List<RaftNode> rafts = new ArrayList<>();
  private final List<ReplicatedLockEngine> engines = new ArrayList<>();
  private final List<InVmTransport> transports = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    MessageRegistry registry = RaftWire.register(new MessageRegistry());
    network = new InVmNetwork(registry, true, InVmNetwork.DEFAULT_INBOX_MESSAGES);
    Membership members = Membership.of("n1", "n2", "n3");
    RaftNodeOptions options = RaftNodeOptions.defaults().withFsync(FsyncPolicy.NEVER);
    for (String id : List.of("n1", "n2", "n3")) {
      InVmTransport t = network.transport(NodeId.of(id));
      LockStateMachine machine = new LockStateMachine();
      RaftNode raft = new RaftNode("locks", NodeId.of(id), members, machine, dir.resolve(id), t, options);
      MessageRouter router = new MessageRouter();
      router.route(RaftWire.Envelope.class, (from, m, reply) -> raft.onMessage(from, m.message()));
      router.route(RaftWire.ForwardRequest.class, raft::onForward);
      t.start(router);
      transports.add(t);
      rafts.add(raft);
      engines.add(new ReplicatedLockEngine(new RaftNodeLockLog(raft), machine, System::currentTimeMillis, scheduler,
          200, 20_000));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> rafts.stream().anyMatch(RaftNode::isLeader));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    engines.forEach(ReplicatedLockEngine::close);
    for (RaftNode r : rafts) {
      r.close();
    }
    transports.forEach(InVmTransport::close);
    network.close();
    scheduler.shutdownNow();
  }

  private DsyncLocks client(int node) {
    DsyncLocks c = DsyncLocks.builder().engine(engines.get(node)).leaseMillis(5_000).build();
    clients.add(c);
    return c;
  }

  private int leader() {
    return leaderExcept(-1);
  }

  /** The live leader, ignoring node {@code down} (a closed node may still believe it leads). */
  private int leaderExcept(int down) {
    for (int i = 0; i < rafts.size(); i++) {
      if (i != down && rafts.get(i).isLeader()) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void clientsOnDifferentNodes_excludeEachOther_andFencesGrow() throws Exception {
    DsyncLocks a = client(0);
    DsyncLocks b = client(1);
    DsyncLocks c = client(2);
    DistributedLock la = a.getLock("x");
    la.lock();
    long f1 = la.getFence();
    assertThat(b.getLock("x").tryLock()).isFalse();
    CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
      DistributedLock lc = c.getLock("x");
      lc.lock(); // queued on node 3, granted by a release on node 1
      try {
        return lc.getFence();
      } finally {
        lc.unlock();
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> engines.get(2).stats().get().waitingRequests() == 1);
    la.unlock();
    assertThat(waiter.get(20, TimeUnit.SECONDS)).isGreaterThan(f1);
  }

  @Test
  void leaderLoss_locksAndFencesSurvive() throws Exception {
    int old = leader();
    int survivor = (old + 1) % 3;
    DsyncLocks a = client(survivor);
    DistributedLock la = a.getLock("y");
    la.lock();
    long before = la.getFence();
    rafts.get(old).close();
    transports.get(old).close();
    await().atMost(Duration.ofSeconds(30)).until(() -> leaderExcept(old) >= 0);
    int other = 3 - old - survivor;
    DsyncLocks b = client(other);
    assertThat(b.getLock("y").tryLock()).isFalse(); // the grant made before the failover still holds
    la.unlock();
    DistributedLock lb = b.getLock("y");
    assertThat(lb.tryLock(20, TimeUnit.SECONDS)).isTrue();
    assertThat(lb.getFence()).isGreaterThan(before);
    lb.unlock();
  }
}
