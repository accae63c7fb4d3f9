package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.lock.DistributedLock;
import io.dsync.lock.DsyncLocks;
import io.dsync.node.EmbeddedCluster;
import io.dsync.node.Node;
import io.dsync.raft.RaftService;
import io.dsync.spi.NodeService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node service end to end: three embedded nodes run {@link RaftService} and
 * {@link LockService}; clients on different nodes exclude each other, and after every node has
 * been restarted from its disk the fence keeps growing and the lock table is intact.
 */
class LockServiceClusterTest {
  @TempDir
  Path dir;

  private static LockService locks(Node node) {
    return node.service(LockService.class).orElseThrow();
  }

  @Test
  void locksAcrossNodes_andFencesSurviveRestarts() throws Exception {
    List<NodeId> ids = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    try (EmbeddedCluster cluster = EmbeddedCluster.start(ids, dir,
        b -> b.setting("raft.fsync", "never").setting("locks.tick-ms", "100"),
        () -> List.<NodeService>of(new RaftService(), new LockService()))) {
      long fence;
      try (DsyncLocks a = DsyncLocks.create(locks(cluster.node(ids.get(0))).engine());
          DsyncLocks b = DsyncLocks.create(locks(cluster.node(ids.get(1))).engine())) {
        DistributedLock la = a.getLock("orders");
        la.lock();
        fence = la.getFence();
        assertThat(b.getLock("orders").tryLock()).isFalse();
        la.unlock();
        DistributedLock lb = b.getLock("orders");
        lb.lock();
        assertThat(lb.getFence()).isGreaterThan(fence);
        fence = lb.getFence();
        lb.unlock();
      }
      for (NodeId id : ids) {
        cluster.stop(id);
        cluster.restart(id);
      }
      try (DsyncLocks c = DsyncLocks.create(locks(cluster.node(ids.get(2))).engine())) {
        DistributedLock lc = c.getLock("orders");
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(lc::tryLock);
        assertThat(lc.getFence()).isGreaterThan(fence);
        lc.unlock();
      }
    }
  }
}
