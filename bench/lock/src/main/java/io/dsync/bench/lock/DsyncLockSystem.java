package io.dsync.bench.lock;

import io.dsync.cluster.NodeId;
import io.dsync.lock.DsyncLocks;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.service.LockService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import io.dsync.node.PeerAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;

/**
 * Three dsync nodes in this JVM on 127.0.0.1, talking to each other over the TCP transport (each
 * node runs the services on the class path: Raft and the lock service), and one client session,
 * either embedded in the node that leads the Raft group {@code locks} ({@link DsyncLocks#create}
 * on its lock engine: the access Hazelcast's member proxy gets) or in client/server mode
 * ({@link DsyncLocks#connect}) over TCP to that node (listed first in the URL). So a lock or
 * unlock costs: (client to leader over loopback TCP,) leader to followers over TCP, a majority's
 * log append (fsync when {@code raft.fsync=always}), and the answer back.
 */
final class DsyncLockSystem implements LockSystem {
  private final Path dir;
  private final List<Node> nodes = new ArrayList<>();
  private final DsyncLocks client;
  private final String leader;

  DsyncLockSystem(String fsync, boolean remoteClient) {
    try {
      dir = Files.createTempDirectory("dsync-lock-bench");
      List<PeerAddress> all = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        all.add(new PeerAddress(NodeId.of("b" + i), "127.0.0.1", freePort()));
      }
      for (PeerAddress me : all) {
        NodeConfig cfg = NodeConfig.builder(me.id()).host("127.0.0.1").port(me.port()).adminPort(-1)
            .peers(all.stream().filter(p -> !p.id().equals(me.id())).toList()).dataDir(dir.resolve(me.id().value()))
            .setting("raft.fsync", fsync).setting("raft.electionTimeoutMillis", "1000")
            .setting("raft.heartbeatMillis", "100")
            // for experiments: -jvmArgsAppend -Ddsync.bench.followerSyncThread=true
            .setting("raft.followerSyncThread", System.getProperty("dsync.bench.followerSyncThread", "false"))
            // A/B of the group's loop: -jvmArgsAppend -Ddsync.bench.raftIoThread=false (default: the node's)
            .setting("raft.ioThread", System.getProperty("dsync.bench.raftIoThread",
                String.valueOf(io.dsync.raft.RaftNodeOptions.DEFAULT_IO_THREAD))).build();
        nodes.add(Node.start(cfg));
      }
      leader = awaitLeader();
      StringBuilder url = new StringBuilder("dsync://");
      all.stream().sorted(Comparator.comparing(p -> !p.id().value().equals(leader)))
          .forEach(p -> url.append(url.length() == 8 ? "" : ",").append("127.0.0.1:").append(p.port()));
      client = remoteClient ? DsyncLocks.connect(url.toString()) : DsyncLocks.create(leaderEngine());
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private String awaitLeader() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (Node n : nodes) {
        Optional<String> l = n.service(LockService.class).orElseThrow().engine().leaderId();
        if (l.isPresent()) {
          return l.get();
        }
      }
      try {
        Thread.sleep(20); // setup only, outside any measurement
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a leader", e);
      }
    }
    throw new IllegalStateException("no leader of group 'locks' within 60 s");
  }

  /** The lock engine of the node that led the group {@code locks} at start (for diagnostics: no client hop). */
  io.dsync.lock.LockEngine leaderEngine() {
    return nodes.get(Integer.parseInt(leader.substring(1)) - 1).service(LockService.class).orElseThrow().engine();
  }

  @Override
  public Lock lock(String name) {
    return client.getLock(name);
  }

  @Override
  public void commitOnce() {
    try {
      leaderEngine().submit(new LockCommand.Tick()).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("tick commit failed: " + e, e);
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    nodes.forEach(Node::close);
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
