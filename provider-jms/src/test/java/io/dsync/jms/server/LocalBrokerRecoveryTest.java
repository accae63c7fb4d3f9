package io.dsync.jms.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.wal.FsyncPolicy;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart of a broker with its Chronicle WAL: recovery, compaction, interrupted compaction. */
class LocalBrokerRecoveryTest {
  @TempDir
  Path dir;

  private LocalBroker start() {
    return LocalBroker.start(BrokerConfig.builder().name("rec").dataDir(dir).fsync(FsyncPolicy.NEVER).build());
  }

  @Test
  void restart_keepsUnacked_dropsAcked_andCompactsADeadLog() throws Exception {
    LocalBroker b = start();
    BrokerTexts.send(b, "q", 0, 2000);
    assertThat(BrokerTexts.receive(b, "q", 1900)).hasSize(1900);
    try (Connection c = new DsyncConnectionFactory(b).createConnection()) {
      c.setClientID("cid");
      Session s = c.createSession();
      s.createDurableSubscriber(s.createTopic("t"), "sub").close();
      MessageProducer p = s.createProducer(s.createTopic("t"));
      for (int i = 0; i < 5; i++) {
        p.send(s.createTextMessage("t-" + i));
      }
    }
    b.close();

    LocalBroker again = start();
    assertThat(again.recovery().compacted()).isTrue();
    assertThat(again.recovery().recordsKept()).isLessThan(again.recovery().recordsReplayed() / 2);
    again.close();

    LocalBroker third = start();
    assertThat(third.recovery().compacted()).isFalse();
    assertThat(BrokerTexts.receive(third, "q", 1000)).hasSize(100).first().isEqualTo("q-1900");
    try (Connection c = new DsyncConnectionFactory(third).createConnection()) {
      c.setClientID("cid");
      c.start();
      Session s = c.createSession();
      MessageConsumer sub = s.createDurableSubscriber(s.createTopic("t"), "sub");
      List<String> got = new ArrayList<>();
      Message m;
      while ((m = sub.receive(500)) != null) {
        got.add(((TextMessage) m).getText());
      }
      assertThat(got).containsExactly("t-0", "t-1", "t-2", "t-3", "t-4");
    }
    third.close();
  }

  @Test
  void halfWrittenCompaction_withoutMarker_isDiscarded() throws Exception {
    LocalBroker b = start();
    BrokerTexts.send(b, "q", 0, 10);
    b.close();
    Files.createDirectories(dir.resolve("wal-next"));
    Files.writeString(dir.resolve("wal-next").resolve("junk.cq4"), "not a queue");
    LocalBroker again = start();
    assertThat(Files.exists(dir.resolve("wal-next"))).isFalse();
    assertThat(BrokerTexts.receive(again, "q", 100)).hasSize(10);
    again.close();
  }

  @Test
  void completedCompaction_withMarker_isSwappedIn() throws Exception {
    LocalBroker b = start();
    BrokerTexts.send(b, "q", 0, 10);
    b.close();
    Files.move(dir.resolve("wal"), dir.resolve("wal-next"));
    Files.createFile(dir.resolve("wal-next.done"));
    LocalBroker again = start();
    assertThat(Files.exists(dir.resolve("wal-next.done"))).isFalse();
    assertThat(BrokerTexts.receive(again, "q", 100)).hasSize(10);
    again.close();
  }
}
