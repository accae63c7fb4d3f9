package io.dsync.bench.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST queue workload runner works against a real node's admin port and rejects bad options. */
class RestQueueWorkloadTest {
  @TempDir
  Path dir;

  @Test
  void run_againstANode_completesRoundsWithoutErrors() throws Exception {
    NodeConfig config = NodeConfig.builder(NodeId.of("rest-q")).dataDir(dir).host("127.0.0.1").port(0)
        .adminHost("127.0.0.1").adminPort(0).setting("jms.persistence", "memory").setting("raft.fsync", "never").build();
    try (Node node = Node.builder(config).services(List.of(new JmsNodeService())).start()) {
      URI admin = URI.create("http://127.0.0.1:" + node.adminPort().orElseThrow() + "/");
      RestQueueWorkload.Result r = RestQueueWorkload.run(new RestQueueWorkload.Settings(List.of(admin), Duration.ofSeconds(2), 2, 50));
      System.out.println("REST queue workload smoke (1 node, memory broker, 2 clients, 2 s):\n" + r.summary());
      assertThat(r.roundTrips()).isPositive();
      assertThat(r.errors()).isZero();
      assertThat(r.empty()).as("each client dequeues from its own queue what it just enqueued").isZero();
      assertThat(r.operationsPerSecond()).isPositive();
    }
  }

  @Test
  void messageId_readFromDequeueAnswers() {
    assertThat(RestQueueWorkload.messageId("{\"message\":\"x\",\"message_id\":\"ID:abc-r1\",\"delivery_time\":1}")).isEqualTo("ID:abc-r1");
    assertThat(RestQueueWorkload.messageId("{\"message\":null,\"message_id\":null,\"delivery_time\":null}")).isNull();
  }

  @Test
  void parse_defaultsOptionsAndBadInput() {
    RestQueueWorkload.Settings d = RestQueueWorkload.parse(new String[0]);
    assertThat(d.nodes()).hasSize(3);
    assertThat(d.duration()).isEqualTo(Duration.ofSeconds(30));
    RestQueueWorkload.Settings s = RestQueueWorkload.parse(new String[] {"--nodes", "http://127.0.0.1:9001", "--seconds", "5",
        "--threads", "2", "--message-bytes", "10"});
    assertThat(s.nodes()).containsExactly(URI.create("http://127.0.0.1:9001/"));
    assertThat(s.messageBytes()).isEqualTo(10);
    assertThatThrownBy(() -> RestQueueWorkload.parse(new String[] {"--threads", "many"})).hasMessageContaining("--threads needs a whole number");
    assertThatThrownBy(() -> RestQueueWorkload.parse(new String[] {"--seconds"})).hasMessageContaining("missing value");
    assertThatThrownBy(() -> RestQueueWorkload.parse(new String[] {"--bogus", "1"})).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> RestQueueWorkload.parse(new String[] {"--nodes", "ftp://x"})).hasMessageContaining("not an http");
    assertThatThrownBy(() -> RestQueueWorkload.parse(new String[] {"--threads", "0"})).isInstanceOf(IllegalArgumentException.class);
  }
}
