package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.node.EmbeddedCluster;
import io.dsync.node.Node;
import io.dsync.raft.kv.KvCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver and the node service on three in-process nodes (in-VM transport, real files,
 * real time): forwarding, group commit, leader loss, restart and catch-up, GET /raft. Both loop
 * placements ({@code raft.ioThread}: groups on the transport's delivery thread, or each on its own).
 */
@ParameterizedClass(name = "raft.ioThread={0}")
@ValueSource(booleans = {true, false})
class RaftServiceTest {
  @TempDir Path root;
  @Parameter boolean ioThread;
  private EmbeddedCluster cluster;

  private EmbeddedCluster start(int n) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(NodeId.of("r" + i));
    }
    cluster = EmbeddedCluster.start(ids, root, b -> b.setting("raft.electionTimeoutMillis", "300")
        .setting("raft.heartbeatMillis", "30").setting("raft.snapshotEveryEntries", "50")
        .setting("raft.ioThread", String.valueOf(ioThread)),
        () -> List.of(new RaftService()));
    return cluster;
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static RaftNode kv(Node n) {
    return n.service(RaftService.class).orElseThrow().kv();
  }

  private Node leader() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> cluster.nodes().stream().filter(n -> kv(n).isLeader()).count() == 1);
    return cluster.nodes().stream().filter(n -> kv(n).isLeader()).findFirst().orElseThrow();
  }

  private static byte[] put(String k, String v) {
    return KvCommands.put(k, v.getBytes(StandardCharsets.UTF_8));
  }

  private static String get(RaftNode n, String k) throws Exception {
    byte[] v = KvCommands.value(n.read(KvCommands.get(k)).get(10, TimeUnit.SECONDS));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  @Test
  void submitOnFollower_forwarded_appliedEverywhere_readLinearizable() throws Exception {
    start(3);
    Node leader = leader();
    Node follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
    byte[] prev = kv(follower).submit(put("a", "1")).get(10, TimeUnit.SECONDS);
    assertThat(KvCommands.value(prev)).isNull();
    assertThat(KvCommands.value(kv(leader).submit(put("a", "2")).get(10, TimeUnit.SECONDS))).isEqualTo("1".getBytes());
    assertThat(get(kv(follower), "a")).isEqualTo("2");
    long applied = kv(leader).appliedIndex();
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> cluster.nodes().stream().allMatch(n -> kv(n).appliedIndex() >= applied));
  }

  @Test
  void manyConcurrentSubmits_groupCommitted_fewerFsyncsThanCommands() throws Exception {
    start(3);
    Node leader = leader();
    long before = kv(leader).fsyncCount();
    List<CompletableFuture<byte[]>> fs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      fs.add(kv(leader).submit(put("k" + (i % 7), "v" + i)));
    }
    for (CompletableFuture<byte[]> f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(kv(leader).fsyncCount() - before).isLessThan(400);
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(kv(leader).status().snapshotIndex()).as("snapshots every 50 entries").isPositive());
  }

  @Test
  void leaderStops_newLeaderElected_noAckedWriteLost_restartedNodeCatchesUp() throws Exception {
    start(3);
    Node first = leader();
    for (int i = 0; i < 60; i++) {
      kv(first).submit(put("x", "v" + i)).get(10, TimeUnit.SECONDS);
    }
    NodeId oldId = first.id();
    cluster.stop(oldId);
    long t0 = System.nanoTime();
    Node second = leader();
    assertThat(second.id()).isNotEqualTo(oldId);
    assertThat((System.nanoTime() - t0) / 1_000_000).as("new leader within a few election timeouts").isLessThan(3_000);
    assertThat(get(kv(second), "x")).isEqualTo("v59");
    kv(second).submit(put("x", "after")).get(10, TimeUnit.SECONDS);
    Node back = cluster.restart(oldId);
    long target = kv(second).appliedIndex();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> kv(back).appliedIndex() >= target);
    assertThat(get(kv(back), "x")).isEqualTo("after");
  }

  @Test
  void getRaft_reportsRoleTermLeaderIndexesAndMatch() throws Exception {
    start(3);
    Node leader = leader();
    kv(leader).submit(put("a", "1")).get(10, TimeUnit.SECONDS);
    RaftService svc = leader.service(RaftService.class).orElseThrow();
    Map<String, Object> view = new RaftResource(svc).all();
    assertThat(view).containsKeys("role", "term", "leader", "commitIndex", "appliedIndex", "logSizeBytes",
        "snapshotIndex", "matchIndex", "groups");
    assertThat(view.get("role")).isEqualTo("leader");
    assertThat(view.get("leader")).isEqualTo(leader.id().value());
    @SuppressWarnings("unchecked")
    Map<String, Long> match = (Map<String, Long>) view.get("matchIndex");
    assertThat(match).hasSize(3);
    assertThatThrownBy(() -> new RaftResource(svc).one("nope")).isInstanceOf(jakarta.ws.rs.NotFoundException.class);
  }

  @Test
  void adminOperations_transferAndMembership() throws Exception {
    start(3);
    Node leader = leader();
    RaftResource res = new RaftResource(leader.service(RaftService.class).orElseThrow());
    Node target = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
    assertThat(res.transfer("kv", target.id().value()).getStatus()).isEqualTo(202);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> kv(target).isLeader());
    RaftResource onNew = new RaftResource(target.service(RaftService.class).orElseThrow());
    assertThatThrownBy(() -> res.removeMember("kv", leader.id().value()))
        .isInstanceOf(jakarta.ws.rs.WebApplicationException.class).hasMessageContaining("not_leader");
    assertThat((java.util.Collection<?>) onNew.removeMember("kv", leader.id().value()).get("members")).hasSize(2);
    assertThat((java.util.Collection<?>) onNew.addMember("kv", leader.id().value()).get("members")).hasSize(3);
    assertThatThrownBy(() -> onNew.addMember("kv", "bad id!")).isInstanceOf(jakarta.ws.rs.BadRequestException.class);
    assertThatThrownBy(() -> onNew.transfer("nope", "r1")).isInstanceOf(jakarta.ws.rs.NotFoundException.class);
  }

  @Test
  void extraGroup_openedByAnotherService_replicates() throws Exception {
    start(3);
    List<RaftNode> groups = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      groups.add(n.service(RaftService.class).orElseThrow().open("locks", new io.dsync.raft.kv.KvStateMachine()));
    }
    assertThat(KvCommands.value(groups.get(0).submit(put("l", "1")).get(15, TimeUnit.SECONDS))).isNull();
    assertThat(get(groups.get(2), "l")).isEqualTo("1");
    assertThatThrownBy(() -> cluster.nodes().get(0).service(RaftService.class).orElseThrow().open("Bad Name!",
        new io.dsync.raft.kv.KvStateMachine())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void singleEmbeddedNode_leadsAtOnce() throws Exception {
    start(1);
    Node only = cluster.nodes().get(0);
    assertThat(KvCommands.value(kv(only).submit(put("s", "1")).get(5, TimeUnit.SECONDS))).isNull();
  }

  @Test
  void stoppedNode_failsRequestsWithStopped() {
    start(1);
    RaftNode n = kv(cluster.nodes().get(0));
    n.close();
    assertThatThrownBy(() -> n.submit(put("a", "1")).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RaftException.class);
  }

  @Test
  void badSettings_clearError() {
    assertThatThrownBy(() -> RaftNodeOptions.fromSettings(Map.of("raft.fsync", "sometimes")))
        .hasMessageContaining("raft.fsync");
    assertThatThrownBy(() -> RaftNodeOptions.fromSettings(Map.of("raft.electionTimeoutMillis", "soon")))
        .hasMessageContaining("raft.electionTimeoutMillis");
  }
}
