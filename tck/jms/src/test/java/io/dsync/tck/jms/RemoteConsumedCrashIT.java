package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.cluster.NodeId;
import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.server.JmsNodeService;
import io.dsync.node.Node;
import io.dsync.node.NodeConfig;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: over TCP, a message that {@code receive} returned to a CLIENT_ACKNOWLEDGE consumer comes
 * back with JMSRedelivered=true and JMSXDeliveryCount=2 after the broker's process is killed, as
 * embedded. Method: a {@link NodeWorker} process serves the broker; the test (the client) sends
 * persistent messages, receives them all without acknowledging, kills the process with {@link
 * Process#destroyForcibly()} right after the last receive returned, restarts a node on the same
 * WAL folder in this JVM and receives them again. This holds only if each receive waited for the
 * node to log the delivery (the consumed notice is a request, not a one-way message).
 */
class RemoteConsumedCrashIT {
  private static final int MESSAGES = 20;

  @TempDir
  Path dir;

  @Test
  @DisplayName("kill -9 after receive over TCP: every received, unacknowledged message returns redelivered")
  void killAfterReceive_messagesReturnRedelivered() throws Exception {
    Path data = dir.resolve("node");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(System.getProperty("dsync.jvm.flags", "").trim().split("\\s+")));
    cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), NodeWorker.class.getName(), data.toString()));
    cmd.removeIf(String::isEmpty);
    Process worker = new ProcessBuilder(cmd).redirectError(dir.resolve("worker-stderr.txt").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("worker's first line").isNotNull().startsWith("PORT ");
      DsyncConnectionFactory f = new DsyncConnectionFactory("dsync://127.0.0.1:" + line.substring(5).trim());
      Connection c = f.createConnection();
      c.start();
      Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue("crash-remote"));
      p.setDeliveryMode(DeliveryMode.PERSISTENT);
      for (int i = 0; i < MESSAGES; i++) {
        p.send(s.createTextMessage("m" + i));
      }
      MessageConsumer mc = s.createConsumer(s.createQueue("crash-remote"));
      for (int i = 0; i < MESSAGES; i++) {
        Message m = mc.receive(10_000);
        assertThat(m).as("first delivery %d", i).isNotNull();
        assertThat(m.getJMSRedelivered()).isFalse();
      }
      worker.destroyForcibly();
      assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
      c.close();
    } finally {
      worker.destroyForcibly();
    }

    Node node = Node.builder(NodeConfig.builder(NodeId.of("jms-crash-node")).host("127.0.0.1").port(0).adminPort(-1).dataDir(data)
            .setting("jms.fsync", "always").build())
        .services(List.of(new JmsNodeService())).start();
    try (Connection c = new DsyncConnectionFactory("dsync://127.0.0.1:" + node.boundPort().orElseThrow()).createConnection()) {
      c.start();
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer mc = s.createConsumer(s.createQueue("crash-remote"));
      for (int i = 0; i < MESSAGES; i++) {
        Message m = mc.receive(10_000);
        assertThat(m).as("after restart %d", i).isNotNull();
        assertThat(((TextMessage) m).getText()).isEqualTo("m" + i);
        assertThat(m.getJMSRedelivered()).as("JMSRedelivered of m%d", i).isTrue();
        assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
      }
      assertThat(mc.receive(200)).isNull();
    } finally {
      node.close();
    }
  }
}
