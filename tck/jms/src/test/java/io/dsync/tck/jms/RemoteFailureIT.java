package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.cluster.NodeId;
import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 6.1.3 ExceptionListener: a remote connection whose node goes away reports it. */
class RemoteFailureIT {
  @TempDir
  Path dir;

  @Test
  @DisplayName("6.1.3 the ExceptionListener hears about a lost connection to the node")
  void nodeStops_exceptionListenerCalled() throws Exception {
    Node node = Node.builder(NodeConfig.builder(NodeId.of("jms-fail")).host("127.0.0.1").port(0).adminPort(-1).dataDir(dir).build())
        .services(List.of(new JmsNodeService())).start();
    DsyncConnectionFactory f = new DsyncConnectionFactory("dsync://127.0.0.1:" + node.boundPort().orElseThrow());
    Connection c = f.createConnection();
    CompletableFuture<JMSException> heard = new CompletableFuture<>();
    c.setExceptionListener(heard::complete);
    c.start();
    c.createSession().createProducer(c.createSession().createQueue("q")).send(c.createSession().createMessage());
    node.close();
    assertThat(heard.get(20, TimeUnit.SECONDS)).hasMessageContaining("lost the connection");
    c.close();
  }
}
