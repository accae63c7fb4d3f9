package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JMS API over TCP ({@code dsync://127.0.0.1:port}) against a node running the jms service
 * with its Chronicle WAL: the same behaviour as embedded, and errors mapped to the same JMS
 * exceptions.
 */
@DisplayName("Remote (dsync://) connections to a node")
class RemoteJmsIT {
  @TempDir
  static Path dir;

  static Node node;
  static DsyncConnectionFactory factory;

  @BeforeAll
  static void startNode() {
    node = Node.builder(NodeConfig.builder(NodeId.of("jms-remote")).host("127.0.0.1").port(0).adminPort(-1).dataDir(dir)
            .setting("jms.users", "alice:secret").setting("jms.max-message-bytes", "100000").build())
        .services(List.of(new JmsNodeService())).start();
    factory = new DsyncConnectionFactory("dsync://127.0.0.1:" + node.boundPort().orElseThrow());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static Connection open() throws Exception {
    Connection c = factory.createConnection();
    c.start();
    return c;
  }

  @Test
  @DisplayName("send and receive persistent messages in order over TCP")
  void sendReceive() throws Exception {
    try (Connection c = open()) {
      Session s = c.createSession();
      Queue q = s.createQueue("remote-basic");
      MessageProducer p = s.createProducer(q);
      for (int i = 0; i < 50; i++) {
        p.send(s.createTextMessage("m" + i));
      }
      MessageConsumer mc = s.createConsumer(q);
      for (int i = 0; i < 50; i++) {
        assertThat(((TextMessage) mc.receive(5000)).getText()).isEqualTo("m" + i);
      }
      assertThat(mc.receive(100)).isNull();
    }
  }

  @Test
  @DisplayName("a MessageListener gets pushed deliveries")
  void listener() throws Exception {
    try (Connection c = open()) {
      Session s = c.createSession();
      Queue q = s.createQueue("remote-listener");
      CompletableFuture<String> got = new CompletableFuture<>();
      s.createConsumer(q).setMessageListener(m -> {
        try {
          got.complete(((TextMessage) m).getText());
        } catch (Exception e) {
          got.completeExceptionally(e);
        }
      });
      c.createSession().createProducer(q).send(s.createTextMessage("pushed"));
      assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("pushed");
    }
  }

  @Test
  @DisplayName("transactions: rollback redelivers with JMSRedelivered, commit acknowledges")
  void transactions() throws Exception {
    try (Connection c = open()) {
      Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
      Queue q = tx.createQueue("remote-tx");
      tx.createProducer(q).send(tx.createTextMessage("t"));
      tx.commit();
      MessageConsumer mc = tx.createConsumer(q);
      assertThat(mc.receive(5000).getJMSRedelivered()).isFalse();
      tx.rollback();
      Message again = mc.receive(5000);
      assertThat(again.getJMSRedelivered()).isTrue();
      assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
      tx.commit();
      assertThat(mc.receive(100)).isNull();
    }
  }

  @Test
  @DisplayName("selectors, and an invalid selector is InvalidSelectorException")
  void selectors() throws Exception {
    try (Connection c = open()) {
      Session s = c.createSession();
      Queue q = s.createQueue("remote-sel");
      MessageProducer p = s.createProducer(q);
      for (int i = 0; i < 4; i++) {
        Message m = s.createMessage();
        m.setIntProperty("i", i);
        p.send(m);
      }
      MessageConsumer odd = s.createConsumer(q, "i = 1 OR i = 3");
      assertThat(odd.receive(5000).getIntProperty("i")).isEqualTo(1);
      assertThat(odd.receive(5000).getIntProperty("i")).isEqualTo(3);
      assertThatThrownBy(() -> s.createConsumer(q, "i ==")).isInstanceOf(InvalidSelectorException.class);
    }
  }

  @Test
  @DisplayName("temporary queue request/reply across two connections")
  void temporaryReply() throws Exception {
    try (Connection a = open(); Connection b = open()) {
      Session sa = a.createSession();
      Session sb = b.createSession();
      TemporaryQueue reply = sa.createTemporaryQueue();
      Queue requests = sa.createQueue("remote-requests");
      Message req = sa.createTextMessage("ping");
      req.setJMSReplyTo(reply);
      sa.createProducer(requests).send(req);
      Message got = sb.createConsumer(requests).receive(5000);
      sb.createProducer(got.getJMSReplyTo()).send(sb.createTextMessage("pong"));
      assertThat(((TextMessage) sa.createConsumer(reply).receive(5000)).getText()).isEqualTo("pong");
      assertThatThrownBy(() -> sb.createConsumer(reply)).isInstanceOf(InvalidDestinationException.class);
    }
  }

  @Test
  @DisplayName("durable subscription keeps messages while the subscriber is away; client ids are exclusive")
  void durable() throws Exception {
    try (Connection c = factory.createConnection()) {
      c.setClientID("remote-client");
      c.start();
      Session s = c.createSession();
      Topic t = s.createTopic("remote-topic");
      s.createDurableSubscriber(t, "sub").close();
      s.createProducer(t).send(s.createTextMessage("kept"));
      assertThat(((TextMessage) s.createDurableSubscriber(t, "sub").receive(5000)).getText()).isEqualTo("kept");
      try (Connection other = factory.createConnection()) {
        assertThatThrownBy(() -> other.setClientID("remote-client")).isInstanceOf(InvalidClientIDException.class);
      }
    }
  }

  @Test
  @DisplayName("a browser sees waiting messages without consuming them")
  void browser() throws Exception {
    try (Connection c = open()) {
      Session s = c.createSession();
      Queue q = s.createQueue("remote-browse");
      s.createProducer(q).send(s.createTextMessage("b"));
      assertThat(Collections.list(s.createBrowser(q).getEnumeration())).hasSize(1);
      assertThat(s.createConsumer(q).receive(5000)).isNotNull();
    }
  }

  @Test
  @DisplayName("JMSContext over TCP; wrong credentials are JMSSecurityException / JMSSecurityRuntimeException")
  void contextAndSecurity() throws Exception {
    try (JMSContext ctx = factory.createContext("alice", "secret")) {
      Queue q = ctx.createQueue("remote-ctx");
      ctx.createProducer().send(q, "body");
      assertThat(ctx.createConsumer(q).receiveBody(String.class, 5000)).isEqualTo("body");
    }
    assertThatThrownBy(() -> factory.createConnection("alice", "wrong")).isInstanceOf(JMSSecurityException.class);
    assertThatThrownBy(() -> factory.createContext("mallory", "x")).isInstanceOf(JMSSecurityRuntimeException.class);
  }

  @Test
  @DisplayName("an oversized message is ResourceAllocationException and the connection keeps working")
  void oversized() throws Exception {
    try (Connection c = open()) {
      Session s = c.createSession();
      Queue q = s.createQueue("remote-big");
      MessageProducer p = s.createProducer(q);
      assertThatThrownBy(() -> p.send(s.createTextMessage("x".repeat(200_000)))).isInstanceOf(ResourceAllocationException.class);
      p.send(s.createTextMessage("small"));
      assertThat(s.createConsumer(q).receive(5000)).isNotNull();
    }
  }

  @Test
  @DisplayName("closing a connection with unacknowledged messages returns them for redelivery")
  void closeReleases() throws Exception {
    Queue q;
    try (Connection c = open()) {
      Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      q = s.createQueue("remote-release");
      s.createProducer(q).send(s.createTextMessage("r"));
      assertThat(s.createConsumer(q).receive(5000)).isNotNull();
    }
    try (Connection c = open()) {
      Message m = c.createSession().createConsumer(q).receive(5000);
      assertThat(m).isNotNull();
      assertThat(m.getJMSRedelivered()).isTrue();
    }
  }

  @Test
  @DisplayName("malformed or unknown requests on the wire get an error answer; the node keeps serving")
  void badWireInput() throws Exception {
    String url = "dsync://127.0.0.1:" + node.boundPort().orElseThrow();
    try (io.dsync.client.ClusterClient raw = io.dsync.client.ClusterClient.connect(
        io.dsync.client.ClientOptions.of(url).withRetries(1, io.dsync.client.ClientOptions.of(url).retryBackoff()),
        io.dsync.jms.remote.JmsWire.register(new io.dsync.wire.MessageRegistry()))) {
      for (byte[] body : new byte[][] {new byte[0], new byte[] {1, 2, 3}, new byte[] {0, 0, 0, 5, 'x'}}) {
        for (int op : new int[] {1, 3, 4, 99}) {
          var answer = raw.request(new io.dsync.jms.remote.JmsWire.Request(op, body), java.time.Duration.ofSeconds(5));
          assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(io.dsync.net.RemoteException.class);
        }
      }
    }
    try (Connection c = open()) {
      Session s = c.createSession();
      Queue q = s.createQueue("after-garbage");
      s.createProducer(q).send(s.createTextMessage("ok"));
      assertThat(s.createConsumer(q).receive(5000)).isNotNull();
    }
  }
}
