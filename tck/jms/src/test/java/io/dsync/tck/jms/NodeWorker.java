package io.dsync.tck.jms;

import io.dsync.cluster.NodeId;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A process that {@link RemoteConsumedCrashIT} starts and kills: a node with the jms service
 * (Chronicle WAL in the folder of the first argument, fsync always) on an ephemeral 127.0.0.1
 * port, printed as {@code PORT <n>}; it runs until killed.
 */
public final class NodeWorker {
  private NodeWorker() {}

  public static void main(String[] args) throws Exception {
    Node node = Node.builder(NodeConfig.builder(NodeId.of("jms-crash-node")).host("127.0.0.1").port(0).adminPort(-1)
            .dataDir(Path.of(args[0])).setting("jms.fsync", "always").build())
        .services(List.of(new JmsNodeService())).start();
    System.out.println("PORT " + node.boundPort().orElseThrow());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
