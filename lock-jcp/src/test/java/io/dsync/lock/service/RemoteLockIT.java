package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.lock.DistributedLock;
import io.dsync.lock.DsyncLocks;
import io.dsync.lock.LockDeadlockException;
import io.dsync.lock.remote.RemoteLockEngine;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client/server mode: clients reach a real node over TCP (127.0.0.1, ephemeral port) with a dsync:// URL. */
class RemoteLockIT {
  @TempDir
  Path dir;

  private Node node;
  private String url;

  @BeforeEach
  void start() {
    NodeConfig config = NodeConfig.builder(NodeId.of("n1")).dataDir(dir).host("127.0.0.1").port(0).adminPort(-1)
        .setting("raft.fsync", "never").build();
    node = Node.start(config);
    url = "dsync://127.0.0.1:" + node.boundPort().orElseThrow();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void remoteClients_exclude_queue_andGetFences() throws Exception {
    try (DsyncLocks a = DsyncLocks.connect(url); DsyncLocks b = DsyncLocks.connect(url)) {
      DistributedLock la = a.getLock("x");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().pollInSameThread().until(la::tryLock);
      long first = la.getFence();
      assertThat(b.getLock("x").tryLock()).isFalse();
      assertThat(b.getLock("x").tryLock(100, TimeUnit.MILLISECONDS)).isFalse(); // queued, then cancelled
      CompletableFuture<Long> queued = CompletableFuture.supplyAsync(() -> {
        DistributedLock lb = b.getLock("x");
        lb.lock(); // answered WAITING, granted later by a pushed notice
        try {
          return lb.getFence();
        } finally {
          lb.unlock();
        }
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> node.service(LockService.class).orElseThrow().engine()
          .stats().get().waitingRequests() == 1);
      la.unlock();
      assertThat(queued.get(20, TimeUnit.SECONDS)).isGreaterThan(first);
    }
  }

  @Test
  void remoteDeadlock_refusedWithTheCycle() throws Exception {
    try (DsyncLocks a = DsyncLocks.connect(url); DsyncLocks b = DsyncLocks.connect(url)) {
      DistributedLock ax = a.getLock("x");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().pollInSameThread().until(ax::tryLock);
      DistributedLock by = b.getLock("y");
      CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
        by.lock();
        b.getLock("x").lock();
        b.getLock("x").unlock();
        by.unlock();
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> node.service(LockService.class).orElseThrow().engine()
          .stats().get().waitingRequests() == 1);
      assertThatThrownBy(() -> a.getLock("y").lock()).isInstanceOf(LockDeadlockException.class)
          .hasMessageStartingWith("deadlock: ");
      ax.unlock();
      other.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void remoteEngine_readsViews() throws Exception {
    try (RemoteLockEngine engine = RemoteLockEngine.connect(url); DsyncLocks a = DsyncLocks.create(engine)) {
      DistributedLock l = a.getReadWriteLock("doc").readLock();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().pollInSameThread().until(l::tryLock);
      assertThat(engine.view("doc").get(10, TimeUnit.SECONDS)).get()
          .satisfies(v -> assertThat(v.holders()).hasSize(1));
      assertThat(engine.stats().get(10, TimeUnit.SECONDS).activeLocks()).isEqualTo(1);
      l.unlock();
    }
  }
}
