package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.lock.DistributedLock;
import io.dsync.lock.DsyncLocks;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import io.dsync.node.PeerAddress;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client/server failover over real TCP: three nodes on 127.0.0.1; a client whose acquire is
 * queued loses the node it talks to; it reconnects to another node, re-sends the waiting acquire
 * (same invocation, applied once) and is granted when the holder releases.
 */
class RemoteFailoverIT {
  @TempDir
  Path dir;

  private final Map<String, Node> nodes = new TreeMap<>();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    nodes.values().forEach(Node::close);
  }

  private LockService service(String id) {
    return nodes.get(id).service(LockService.class).orElseThrow();
  }

  @Test
  void waitingClient_survivesTheLossOfItsNode() throws Exception {
    Map<String, Integer> ports = new TreeMap<>();
    for (String id : List.of("n1", "n2", "n3")) {
      ports.put(id, freePort());
    }
    for (String id : ports.keySet()) {
      List<PeerAddress> peers = ports.entrySet().stream().filter(e -> !e.getKey().equals(id))
          .map(e -> new PeerAddress(NodeId.of(e.getKey()), "127.0.0.1", e.getValue())).collect(Collectors.toList());
      NodeConfig config = NodeConfig.builder(NodeId.of(id)).dataDir(dir.resolve(id)).host("127.0.0.1")
          .port(ports.get(id)).adminPort(-1).peers(peers).setting("raft.fsync", "never")
          .setting("raft.electionTimeoutMillis", "300").setting("raft.heartbeatMillis", "50").build();
      nodes.put(id, Node.start(config));
    }
    // the holder talks to n1 only; the waiter to n2 first, then n3
    try (DsyncLocks holder = DsyncLocks.connect("dsync://127.0.0.1:" + ports.get("n1"));
        DsyncLocks waiter = DsyncLocks.connect("dsync://127.0.0.1:" + ports.get("n2") + ",127.0.0.1:" + ports.get("n3"))) {
      DistributedLock h = holder.getLock("x");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().pollInSameThread().until(h::tryLock);
      long holderFence = h.getFence();
      CompletableFuture<Long> queued = CompletableFuture.supplyAsync(() -> {
        DistributedLock w = waiter.getLock("x");
        w.lock();
        try {
          return w.getFence();
        } finally {
          w.unlock();
        }
      });
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> service("n1").engine().stats().get(5, TimeUnit.SECONDS).waitingRequests() == 1);
      nodes.remove("n2").close(); // the waiter's node goes away with the notice it would have sent
      h.unlock();
      assertThat(queued.get(60, TimeUnit.SECONDS)).isGreaterThan(holderFence);
    }
  }
}
