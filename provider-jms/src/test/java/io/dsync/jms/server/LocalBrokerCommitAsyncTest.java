package io.dsync.jms.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.broker.BodyType;
import io.dsync.jms.broker.BrokerLimits;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.DestinationKey;
import io.dsync.jms.link.BrokerLink;
import io.dsync.jms.wal.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BrokerLink#tryCommitAsync} on the embedded broker: what a remote send's fast path relies on. */
class LocalBrokerCommitAsyncTest {
  @TempDir
  Path dir;

  LocalBroker broker;

  private BrokerLink start(int maxQueueMessages) throws Exception {
    BrokerLimits d = BrokerLimits.defaults();
    broker = LocalBroker.start(BrokerConfig.builder().name("async").dataDir(dir).fsync(FsyncPolicy.ALWAYS)
        .limits(new BrokerLimits(d.maxDeliveries(), d.deadLetterQueue(), maxQueueMessages, d.maxMessageBytes(),
            d.restVisibilityMillis(), d.maxStoredBytes()))
        .build());
    return broker.connect(null, null);
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static BrokerMessage message(String id, String queue) {
    return new BrokerMessage(id, System.currentTimeMillis(), null, null, DestinationKey.queue(queue).toString(), true,
        4, 0, 0, null, Map.of(), BodyType.TEXT, id.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void persistentSend_futureCompletesOnceStored() throws Exception {
    BrokerLink link = start(100);
    Optional<CompletableFuture<Void>> started = link.tryCommitAsync(List.of(message("ID:a-1", "q")), List.of());
    assertThat(started).isPresent();
    started.get().get(10, TimeUnit.SECONDS);
    assertThat(broker.stats("q").size()).isEqualTo(1);
    assertThat(broker.stats("q").enqueued()).isEqualTo(1);
  }

  @Test
  void fullQueue_emptyAndNothingChanged() throws Exception {
    BrokerLink link = start(1);
    link.commit(List.of(message("ID:a-1", "q")), List.of());
    assertThat(link.tryCommitAsync(List.of(message("ID:a-2", "q")), List.of())).isEmpty();
    assertThat(broker.stats("q").size()).isEqualTo(1);
    assertThat(broker.stats("q").enqueued()).isEqualTo(1);
  }

  @Test
  void closedLink_refusedAtOnce() throws Exception {
    BrokerLink link = start(100);
    link.close();
    assertThatThrownBy(() -> link.tryCommitAsync(List.of(message("ID:a-1", "q")), List.of()))
        .isInstanceOf(jakarta.jms.IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void badMessage_refusedAtOnce_brokerKeepsServing() throws Exception {
    BrokerLink link = start(100);
    BrokerMessage toNowhere = new BrokerMessage("ID:a-1", System.currentTimeMillis(), null, null, "not-a-destination",
        true, 4, 0, 0, null, Map.of(), BodyType.TEXT, new byte[0], null);
    assertThatThrownBy(() -> link.tryCommitAsync(List.of(toNowhere), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a destination");
    link.tryCommitAsync(List.of(message("ID:a-2", "q")), List.of()).orElseThrow().get(10, TimeUnit.SECONDS);
    assertThat(broker.stats("q").size()).isEqualTo(1);
  }
}
