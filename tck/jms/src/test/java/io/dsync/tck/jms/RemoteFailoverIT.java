package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code dsync://a,b} client sees when its node goes away: the ExceptionListener hears it,
 * a receive blocked on the connection fails with a JMSException instead of hanging, later calls
 * of the broken connection fail at once with the same clear message, and a new connection from the
 * same factory goes to the next node of the URL.
 */
@DisplayName("Remote (dsync://a,b) connection loss and the next node")
class RemoteFailoverIT {
  @TempDir
  Path dir;

  Node a;
  Node b;

  private Node start(String id) {
    return Node.builder(NodeConfig.builder(NodeId.of(id)).host("127.0.0.1").port(0).adminPort(-1).dataDir(dir.resolve(id)).build())
        .services(List.of(new JmsNodeService())).start();
  }

  @AfterEach
  void stop() {
    for (Node n : new Node[] {a, b}) {
      if (n != null) {
        n.close();
      }
    }
  }

  /** How many messages a node's broker holds in a queue (browsed in this JVM through vm://id). */
  private static int held(String nodeId, String queue) throws JMSException {
    try (Connection c = new DsyncConnectionFactory("vm://" + nodeId).createConnection()) {
      return Collections.list(c.createSession().createBrowser(c.createSession().createQueue(queue)).getEnumeration()).size();
    }
  }

  @Test
  @DisplayName("the node goes: listener called, blocked receive and later calls fail clearly, a new connection uses the other node")
  void nodeCloses_connectionFailsAndNewConnectionUsesNextNode() throws Exception {
    a = start("jms-failover-a");
    b = start("jms-failover-b");
    DsyncConnectionFactory f = new DsyncConnectionFactory(
        "dsync://127.0.0.1:" + a.boundPort().orElseThrow() + ",127.0.0.1:" + b.boundPort().orElseThrow());
    Connection c = f.createConnection();
    CompletableFuture<JMSException> heard = new CompletableFuture<>();
    c.setExceptionListener(heard::complete);
    c.start();
    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    s.createProducer(s.createQueue("probe")).send(s.createTextMessage("where am I"));
    boolean onA = held("jms-failover-a", "probe") == 1;
    assertThat(onA || held("jms-failover-b", "probe") == 1).as("the message is on one of the nodes").isTrue();
    MessageConsumer waiting = s.createConsumer(s.createQueue("empty"));
    CompletableFuture<Message> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return waiting.receive();
      } catch (JMSException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });

    Node gone = onA ? a : b;
    String otherId = onA ? "jms-failover-b" : "jms-failover-a";
    gone.close();
    if (onA) {
      a = null;
    } else {
      b = null;
    }

    assertThat(heard.get(20, TimeUnit.SECONDS)).hasMessageContaining("lost the connection");
    assertThatThrownBy(() -> blocked.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(JMSException.class).hasMessageContaining("lost the connection");
    assertThatThrownBy(() -> s.createProducer(s.createQueue("probe")).send(s.createTextMessage("after")))
        .isInstanceOf(JMSException.class).hasMessageContaining("lost the connection");
    c.close();

    try (Connection next = f.createConnection()) {
      next.start();
      Session ns = next.createSession(false, Session.AUTO_ACKNOWLEDGE);
      ns.createProducer(ns.createQueue("after-failover")).send(ns.createTextMessage("on the other node"));
      assertThat(held(otherId, "after-failover")).isEqualTo(1);
      TextMessage m = (TextMessage) ns.createConsumer(ns.createQueue("after-failover")).receive(10_000);
      assertThat(m.getText()).isEqualTo("on the other node");
    }
  }
}
