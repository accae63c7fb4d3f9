package io.dsync.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaults_applied() {
    NodeConfig c = NodeConfigLoader.load(Map.of("node.id", "n1"), Map.of());
    assertThat(c.nodeId()).isEqualTo(NodeId.of("n1"));
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(7000);
    assertThat(c.adminHost()).isEqualTo("127.0.0.1");
    assertThat(c.adminPort()).isEqualTo(8080);
    assertThat(c.peers()).isEmpty();
    assertThat(c.dataDir()).isEqualTo(Path.of("data/n1"));
    assertThat(c.heartbeatIntervalMillis()).isEqualTo(500);
    assertThat(c.failureTimeoutMillis()).isEqualTo(3000);
    assertThat(c.virtualNodes()).isEqualTo(128);
    assertThat(c.adminToken()).isEmpty();
    assertThat(c.embedded()).isFalse();
  }

  @Test
  void precedence_flagsOverEnvOverFileOverDefaults() throws Exception {
    Path file = dir.resolve("dsync.properties");
    Files.writeString(file, "node.id=from-file\nport=7101\nadmin.port=8101\nheartbeat.interval.ms=200\n"
        + "jms.redelivery.limit=5\ncache.mode=file\n");
    Map<String, String> env = Map.of("DSYNC_CONFIG", file.toString(), "DSYNC_PORT", "7201",
        "DSYNC_ADMIN_PORT", "8201", "DSYNC_CACHE_MODE", "env", "PATH", "/usr/bin");
    NodeConfig c = NodeConfigLoader.load(Map.of("admin.port", "8301", "cache.mode", "flag"), env);
    assertThat(c.nodeId().value()).isEqualTo("from-file");
    assertThat(c.port()).isEqualTo(7201);
    assertThat(c.adminPort()).isEqualTo(8301);
    assertThat(c.heartbeatIntervalMillis()).isEqualTo(200);
    assertThat(c.setting("jms.redelivery.limit")).contains("5");
    assertThat(c.setting("cache.mode", "x")).isEqualTo("flag");
    assertThat(c.settings()).doesNotContainKey("path").doesNotContainKey("config");
  }

  @Test
  void camelCaseServiceKeys_canBeSetFromTheEnvironment_andAnEnvVariableOverridesTheFile() throws Exception {
    Path file = dir.resolve("camel.properties");
    Files.writeString(file, "node.id=n1\nraft.ioThread=true\nraft.heartbeatMillis=50\n");
    // DSYNC_RAFT_ELECTIONTIMEOUTMILLIS arrives as raft.electiontimeoutmillis
    Map<String, String> env = Map.of("DSYNC_CONFIG", file.toString(),
        "DSYNC_RAFT_ELECTIONTIMEOUTMILLIS", "700", "DSYNC_RAFT_IOTHREAD", "false");
    NodeConfig c = NodeConfigLoader.load(Map.of(), env);
    assertThat(c.setting("raft.electionTimeoutMillis")).contains("700");
    assertThat(c.setting("raft.ioThread")).contains("false"); // the environment wins over the file
    assertThat(c.setting("raft.heartbeatMillis")).contains("50");
    io.dsync.raft.RaftNodeOptions o = io.dsync.raft.RaftNodeOptions.fromSettings(c.settings());
    assertThat(o.raft().electionTimeoutMillis()).isEqualTo(700);
    assertThat(o.ioThread()).isFalse();
    // a flag replaces the environment's value whatever the case it was written in
    NodeConfig flagged = NodeConfigLoader.load(Map.of("raft.ioThread", "true"), env);
    assertThat(flagged.setting("raft.ioThread")).contains("true");
    assertThat(flagged.settings()).hasSize(3);
  }

  @Test
  void configFlag_winsOverConfigEnv() throws Exception {
    Path a = dir.resolve("a.properties");
    Path b = dir.resolve("b.properties");
    Files.writeString(a, "node.id=a\n");
    Files.writeString(b, "node.id=b\n");
    NodeConfig c = NodeConfigLoader.load(Map.of("config", b.toString()), Map.of("DSYNC_CONFIG", a.toString()));
    assertThat(c.nodeId().value()).isEqualTo("b");
  }

  @Test
  void samePeerListOnEveryNode_selfDroppedAndGivesPort() {
    NodeConfig c = NodeConfigLoader.load(Map.of("node.id", "n2"),
        Map.of("DSYNC_PEERS", "n1:127.0.0.1:7001, n2:127.0.0.1:7002 ,n3:localhost:7003"));
    assertThat(c.port()).isEqualTo(7002);
    assertThat(c.peers()).containsExactly(
        new PeerAddress(NodeId.of("n1"), "127.0.0.1", 7001), new PeerAddress(NodeId.of("n3"), "localhost", 7003));
    assertThat(c.memberIds()).extracting(NodeId::value).containsExactly("n1", "n2", "n3");
  }

  @Test
  void ipv6Peer_inBrackets() {
    PeerAddress p = PeerAddress.parse("n1:[::1]:7001");
    assertThat(p.host()).isEqualTo("::1");
    assertThat(p.toString()).isEqualTo("n1:[::1]:7001");
  }

  @Test
  void badPort_namesKeySourceAndValue() {
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1"), Map.of("DSYNC_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("port").hasMessageContaining("DSYNC_PORT")
        .hasMessageContaining("the environment").hasMessageContaining("70000");
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "admin.port", "http"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--admin-port").hasMessageContaining("'http' is not a whole number");
  }

  @Test
  void duplicateIds_rejected() {
    assertThatThrownBy(() -> NodeConfigLoader.load(
            Map.of("node.id", "n1", "peers", "n2:127.0.0.1:7002,n2:127.0.0.1:7003"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("duplicate node id 'n2'");
  }

  @Test
  void badPeerSyntax_rejectedNamingTheEntry() {
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "peers", "n2-127.0.0.1-7002"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bad peer 'n2-127.0.0.1-7002'")
        .hasMessageContaining("id:host:port");
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "peers", "n2:h:x"), Map.of()))
        .hasMessageContaining("port 'x' is not a number");
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "peers", "n2:h:0"), Map.of()))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "peers", "bad id!:h:7"), Map.of()))
        .hasMessageContaining("invalid node id");
  }

  @Test
  void missingNodeId_rejected() {
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no node id");
  }

  @Test
  void badNodeId_rejected() {
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "-x"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("invalid node id");
  }

  @Test
  void missingConfigFile_rejected() {
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("config", dir.resolve("nope").toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }

  @Test
  void adminBeyondLoopbackWithoutToken_rejected_withTokenAccepted() {
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "admin.host", "0.0.0.0"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("admin token");
    NodeConfig c = NodeConfigLoader.load(Map.of("node.id", "n1", "admin.host", "0.0.0.0"),
        Map.of("DSYNC_ADMIN_TOKEN", "a-long-enough-token-123"));
    assertThat(c.adminToken()).contains("a-long-enough-token-123");
    NodeConfig noAdmin = NodeConfigLoader.load(Map.of("node.id", "n1", "admin.host", "0.0.0.0", "admin.port", "-1"), Map.of());
    assertThat(noAdmin.adminPort()).isEqualTo(-1);
  }

  @Test
  void timeoutsAndRing_validated() {
    assertThatThrownBy(() -> NodeConfigLoader.load(
            Map.of("node.id", "n1", "heartbeat.interval.ms", "500", "failure.timeout.ms", "400"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("longer than the heartbeat interval");
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "ring.virtual.nodes", "0"), Map.of()))
        .hasMessageContaining("virtual nodes");
    assertThatThrownBy(() -> NodeConfigLoader.load(Map.of("node.id", "n1", "port", "8080"), Map.of()))
        .hasMessageContaining("port and admin port are both 8080");
  }

  @Test
  void peersListingSelfTwice_viaBuilder_rejected() {
    assertThatThrownBy(() -> NodeConfig.builder(NodeId.of("n1"))
            .peers(java.util.List.of(new PeerAddress(NodeId.of("n1"), "h", 1))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own id");
  }

  @Test
  void toString_redactsAdminToken() {
    NodeConfig c = NodeConfigLoader.load(Map.of("node.id", "n1"), Map.of("DSYNC_ADMIN_TOKEN", "super-secret-token-value"));
    assertThat(c.toString()).doesNotContain("super-secret-token-value").contains("adminToken=(set)");
  }
}
