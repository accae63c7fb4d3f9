package io.dsync.bench.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST workload runner works against a real node's admin port and rejects bad options. */
class RestLockWorkloadTest {
  @TempDir
  Path dir;

  @Test
  void run_againstANode_completesPairs() throws Exception {
    NodeConfig config = NodeConfig.builder(NodeId.of("n1")).dataDir(dir).host("127.0.0.1").port(0)
        .adminHost("127.0.0.1").adminPort(0).setting("raft.fsync", "never").build();
    try (Node node = Node.start(config)) {
      URI admin = URI.create("http://127.0.0.1:" + node.adminPort().orElseThrow());
      RestLockWorkload.Result r = RestLockWorkload.run(new RestLockWorkload.Settings(List.of(admin),
          Duration.ofSeconds(3), 2, 1, 10));
      System.out.println("REST workload smoke (1 node, fsync never, 2 clients, 1 resource, 3 s):\n" + r.summary());
      assertThat(r.pairs()).isPositive();
      assertThat(r.errors()).isZero();
      assertThat(r.operationsPerSecond()).isPositive();
    }
  }

  @Test
  void parse_defaultsAndOptions() {
    RestLockWorkload.Settings d = RestLockWorkload.parse(new String[0]);
    assertThat(d.nodes()).hasSize(3);
    assertThat(d.duration()).isEqualTo(Duration.ofSeconds(30));
    RestLockWorkload.Settings s = RestLockWorkload.parse(new String[] {"--nodes", "http://127.0.0.1:9001",
        "--seconds", "5", "--threads", "2", "--resources", "1", "--timeout-seconds", "3"});
    assertThat(s.nodes()).containsExactly(URI.create("http://127.0.0.1:9001/"));
    assertThat(s.threads()).isEqualTo(2);
  }

  @Test
  void parse_badInput_clearErrors() {
    assertThatThrownBy(() -> RestLockWorkload.parse(new String[] {"--threads", "many"}))
        .hasMessageContaining("--threads needs a whole number");
    assertThatThrownBy(() -> RestLockWorkload.parse(new String[] {"--seconds"})).hasMessageContaining("missing value");
    assertThatThrownBy(() -> RestLockWorkload.parse(new String[] {"--bogus", "1"})).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> RestLockWorkload.parse(new String[] {"--nodes", "ftp://x"})).hasMessageContaining("not an http");
    assertThatThrownBy(() -> RestLockWorkload.parse(new String[] {"--threads", "0"})).isInstanceOf(IllegalArgumentException.class);
  }
}
