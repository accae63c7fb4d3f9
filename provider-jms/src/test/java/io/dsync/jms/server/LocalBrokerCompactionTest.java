package io.dsync.jms.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.wal.FsyncPolicy;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction of the WAL while the broker runs: the log shrinks to the live state and loses nothing. */
class LocalBrokerCompactionTest {
  @TempDir
  Path dir;

  private LocalBroker start(long compactAfterRecords) {
    return LocalBroker.start(BrokerConfig.builder().name("compact").dataDir(dir).fsync(FsyncPolicy.ALWAYS)
        .compactAfterRecords(compactAfterRecords).build());
  }

  @Test
  void aMostlyDeadLog_isCompactedWhileRunning_andARestartFindsExactlyTheLiveMessages() throws Exception {
    LocalBroker b = start(300);
    BrokerTexts.send(b, "q", 0, 1000);
    assertThat(BrokerTexts.receive(b, "q", 990)).hasSize(990);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.compactionsWhileRunning() >= 1);
    // written after the compaction: they go on in the new log
    BrokerTexts.send(b, "q", 1000, 1005);
    b.close();

    LocalBroker again = start(300);
    // the log held the live state and what came after it, not the 1,000 sends and 990 deliveries
    assertThat(again.recovery().recordsReplayed()).isLessThan(300);
    List<String> left = BrokerTexts.receive(again, "q", 100);
    assertThat(left).hasSize(15).startsWith("q-990").endsWith("q-1004").doesNotHaveDuplicates();
    again.close();
  }

  @Test
  void aLogThatIsMostlyLive_isLeftAlone() throws Exception {
    LocalBroker b = start(300);
    BrokerTexts.send(b, "q", 0, 700);
    assertThat(BrokerTexts.receive(b, "q", 50)).hasSize(50);
    b.close();
    assertThat(b.compactionsWhileRunning()).isZero();
    LocalBroker again = start(300);
    assertThat(BrokerTexts.receive(again, "q", 1000)).hasSize(650).first().isEqualTo("q-50");
    again.close();
  }

  @Test
  void compactionsWhileAProducerAndAConsumerRun_loseNothingAndBringNothingBack() throws Exception {
    LocalBroker b = start(200);
    Thread producer = new Thread(() -> {
      try {
        BrokerTexts.send(b, "busy", 0, 3000);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    producer.start();
    List<String> got = new ArrayList<>();
    try (Connection c = new DsyncConnectionFactory(b).createConnection()) {
      c.start();
      Session s = c.createSession();
      MessageConsumer mc = s.createConsumer(s.createQueue("busy"));
      while (got.size() < 2500) {
        Message m = mc.receive(10_000);
        assertThat(m).as("message %d", got.size()).isNotNull();
        got.add(((TextMessage) m).getText());
      }
    }
    producer.join(30_000);
    assertThat(b.compactionsWhileRunning()).isPositive();
    b.close();

    LocalBroker again = start(200);
    List<String> left = BrokerTexts.receive(again, "busy", 5000);
    again.close();
    List<String> all = new ArrayList<>(got);
    all.addAll(left);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      expected.add("busy-" + i);
    }
    // every message once: the consumed ones never again, the rest after the restart
    assertThat(left).hasSize(500);
    assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
  }
}
