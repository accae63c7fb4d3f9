package io.dsync.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedClusterTest {
  @TempDir Path root;

  @Test
  void threeNodes_allAlive_stopRestart_writeOnlyUnderRoot() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start(List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c")),
        root.resolve("cluster"), b -> b.heartbeatIntervalMillis(50).failureTimeoutMillis(400), List::of)) {
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> cluster.nodes().stream().allMatch(n -> n.membership().view().aliveIds().size() == 3));
      assertThat(cluster.nodes()).allSatisfy(n -> {
        assertThat(n.adminPort()).isEmpty();
        assertThat(n.ring().members()).hasSize(3);
      });
      cluster.stop(NodeId.of("b"));
      assertThatThrownBy(() -> cluster.node(NodeId.of("b"))).hasMessageContaining("not running");
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> !cluster.node(NodeId.of("a")).membership().view().isAlive(NodeId.of("b")));
      cluster.restart(NodeId.of("b"));
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> cluster.nodes().stream().allMatch(n -> n.membership().view().aliveIds().size() == 3));
      assertThatThrownBy(() -> cluster.restart(NodeId.of("b"))).hasMessageContaining("is running");
    }
    try (Stream<Path> top = Files.list(root)) {
      assertThat(top).containsExactly(root.resolve("cluster"));
    }
  }

  @Test
  void badSize_rejected() {
    assertThatThrownBy(() -> EmbeddedCluster.start(0, root)).isInstanceOf(IllegalArgumentException.class);
  }
}
