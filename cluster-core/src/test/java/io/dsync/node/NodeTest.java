package io.dsync.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.net.InVmTransport;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import io.dsync.spi.ServiceStartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node wiring with the in-VM transport: service order, failures, the context, embedded mode. */
class NodeTest {
  @TempDir Path root;
  private final List<String> log = new ArrayList<>();

  private class Recording implements NodeService {
    final String name;
    final Set<String> deps;
    final boolean fail;
    ServiceContext context;

    Recording(String name, boolean fail, String... deps) {
      this.name = name;
      this.fail = fail;
      this.deps = Set.of(deps);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> dependsOn() {
      return deps;
    }

    @Override
    public void start(ServiceContext ctx) {
      if (fail) {
        throw new IllegalStateException("disk on fire");
      }
      this.context = ctx;
      log.add("start " + name);
    }

    @Override
    public void stop() {
      log.add("stop " + name);
    }
  }

  private NodeConfig embeddedConfig() {
    return NodeConfig.builder(NodeId.of("solo")).dataDir(root.resolve("data")).embedded(true)
        .adminPort(-1).port(0).build();
  }

  @Test
  void services_startInDependencyOrder_stopInReverse() {
    Recording raft = new Recording("raft", false);
    Recording locks = new Recording("locks", false, "raft");
    Recording jms = new Recording("jms", false, "raft", "locks");
    Node node = Node.builder(embeddedConfig()).services(List.of(jms, locks, raft)).start();
    assertThat(node.running()).isTrue();
    assertThat(node.service(Recording.class)).isPresent();
    node.close();
    node.close(); // idempotent
    assertThat(log).containsExactly("start raft", "start locks", "start jms", "stop jms", "stop locks", "stop raft");
    assertThat(node.running()).isFalse();
  }

  @Test
  void failingService_stopsNode_namesService_stopsStartedOnes() {
    Recording raft = new Recording("raft", false);
    Recording broken = new Recording("cache", true, "raft");
    assertThatThrownBy(() -> Node.builder(embeddedConfig()).services(List.of(raft, broken)).start())
        .isInstanceOf(ServiceStartupException.class)
        .hasMessageContaining("service 'cache' failed to start")
        .hasMessageContaining("disk on fire");
    assertThat(log).containsExactly("start raft", "stop raft");
  }

  @Test
  void missingDependency_failsStartup() {
    assertThatThrownBy(() -> Node.builder(embeddedConfig())
            .services(List.of(new Recording("locks", false, "raft"))).start())
        .isInstanceOf(ServiceStartupException.class).hasMessageContaining("depends on 'raft'");
  }

  @Test
  void context_offersConfigDataDirMembershipRingAndServices() throws Exception {
    Recording raft = new Recording("raft", false);
    try (Node node = Node.builder(embeddedConfig()).services(List.of(raft)).start()) {
      ServiceContext ctx = raft.context;
      assertThat(ctx.nodeId()).isEqualTo(NodeId.of("solo"));
      assertThat(ctx.embedded()).isTrue();
      Path dir = ctx.dataDir("raft");
      assertThat(dir).isDirectory().startsWith(root.resolve("data"));
      assertThatThrownBy(() -> ctx.dataDir("../escape")).isInstanceOf(IllegalArgumentException.class);
      assertThat(ctx.membership().view().aliveIds()).containsExactly(NodeId.of("solo"));
      assertThat(ctx.ring().owner("any-key")).isEqualTo(NodeId.of("solo"));
      assertThat(ctx.service(Recording.class)).containsSame(raft);
      assertThat(ctx.service(String.class)).isEmpty();
      assertThat(ctx.transport()).isInstanceOf(InVmTransport.class);
      assertThat(ctx.metrics()).isSameAs(node.metrics());
      assertThat(ctx.scheduler().isShutdown()).isFalse();
    }
  }

  @Test
  void embedded_opensNoPort_writesOnlyUnderItsDataFolder() throws Exception {
    try (Node node = Node.embedded(NodeId.of("app"), root.resolve("data"))) {
      assertThat(node.config().embedded()).isTrue();
      assertThat(node.adminPort()).isEmpty();
      assertThat(node.boundPort()).isEmpty();
      assertThat(node.transport()).isInstanceOf(InVmTransport.class);
    }
    try (Stream<Path> top = Files.list(root)) {
      assertThat(top).containsExactly(root.resolve("data"));
    }
  }

  @Test
  void serviceLoader_discoversNothingHarmful_onCoreClassPath() {
    assertThat(ServiceRunner.discover(getClass().getClassLoader()))
        .allSatisfy(s -> assertThat(s.name()).isNotBlank());
  }
}
