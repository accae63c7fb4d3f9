package io.dsync.bench.raft;

import io.dsync.cluster.NodeId;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import io.dsync.node.PeerAddress;
import io.dsync.raft.RaftNode;
import io.dsync.raft.RaftService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Three in-process nodes on 127.0.0.1 over the TCP transport, each running only the raft service. */
final class RaftCluster implements AutoCloseable {
  final Path dir;
  final List<Node> nodes = new ArrayList<>();

  RaftCluster(String fsync) {
    try {
      dir = Files.createTempDirectory("dsync-raft-bench");
      List<PeerAddress> all = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        try (ServerSocket s = new ServerSocket(0)) {
          all.add(new PeerAddress(NodeId.of("b" + i), "127.0.0.1", s.getLocalPort()));
        }
      }
      for (PeerAddress me : all) {
        NodeConfig cfg = NodeConfig.builder(me.id()).host("127.0.0.1").port(me.port()).adminPort(-1)
            .peers(all.stream().filter(p -> !p.id().equals(me.id())).toList()).dataDir(dir.resolve(me.id().value()))
            .setting("raft.fsync", fsync).setting("raft.electionTimeoutMillis", "1000")
            .setting("raft.heartbeatMillis", "100").setting("raft.snapshotEveryEntries", System.getProperty("raft.snapshotEveryEntries", "10000"))
            // A/B of the group's loop: -Draft.ioThread=false (default: the node's)
            .setting("raft.ioThread", System.getProperty("raft.ioThread",
                String.valueOf(io.dsync.raft.RaftNodeOptions.DEFAULT_IO_THREAD)))
            // and of where a follower forces: -Draft.followerSyncThread=true (default: on its loop)
            .setting("raft.followerSyncThread", System.getProperty("raft.followerSyncThread", "false")).build();
        nodes.add(Node.builder(cfg).services(List.of(new RaftService())).start());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RaftNode leader() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      for (Node n : nodes) {
        RaftNode kv = n.service(RaftService.class).orElseThrow().kv();
        if (kv.isLeader()) {
          return kv;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no raft leader within 30 s");
  }

  @Override
  public void close() throws IOException {
    for (Node n : nodes) {
      n.close();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
