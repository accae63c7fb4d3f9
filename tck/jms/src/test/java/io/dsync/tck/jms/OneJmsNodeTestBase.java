package io.dsync.tck.jms;

import io.dsync.cluster.NodeId;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote tests against one node with the JMS service on 127.0.0.1 (any free port, no admin
 * server, a WAL in a temporary folder), started by the test with the settings it needs and
 * closed after it.
 */
abstract class OneJmsNodeTestBase {
  @TempDir
  Path dir;

  private Node node;

  /** Starts the node; {@code settings} are name/value pairs ({@code jms.…}). Returns its {@code dsync://} URL. */
  protected String start(String... settings) {
    if (settings.length % 2 != 0) {
      throw new IllegalArgumentException("settings come in name/value pairs");
    }
    NodeConfig.Builder b = NodeConfig.builder(NodeId.of(getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)))
        .host("127.0.0.1").port(0).adminPort(-1).dataDir(dir);
    for (int i = 0; i < settings.length; i += 2) {
      b.setting(settings[i], settings[i + 1]);
    }
    node = Node.builder(b.build()).services(List.of(new JmsNodeService())).start();
    return "dsync://127.0.0.1:" + node.boundPort().orElseThrow();
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }
}
