package io.dsync.jms.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Steps the pure engine by hand: inputs with explicit time, outputs checked exactly. */
class BrokerEngineTest {
  private final BrokerEngine engine = new BrokerEngine(new BrokerLimits(3, "DLQ", 5, 10_000, 1000, 1 << 30));
  private long nextConsumer = 1;

  static BrokerMessage msg(String id, String dest, boolean persistent, int priority, long deliveryTime, long expiration) {
    return new BrokerMessage(id, 0, null, null, dest, persistent, priority, expiration, deliveryTime, null, Map.of(), BodyType.TEXT, id.getBytes(), "conn-1");
  }

  static BrokerMessage msg(String id) {
    return msg(id, "queue://q", true, 4, 0, 0);
  }

  private ConsumerSpec consumer(String dest, String selector, int prefetch) {
    return new ConsumerSpec(nextConsumer++, "conn-2", DestinationKey.parse(dest), selector, false, null, prefetch);
  }

  @Test
  void send_persistentToQueue_loggedAsCommit() {
    Effects e = engine.commit(List.of(msg("a")), List.of(), 0);
    assertThat(e.records()).singleElement().isInstanceOfSatisfying(LogRecord.Commit.class, c -> {
      assertThat(c.stored()).singleElement().satisfies(s -> assertThat(s.queue()).isEqualTo("queue://q"));
      assertThat(c.acks()).isEmpty();
    });
    assertThat(e.deliveries()).isEmpty();
  }

  @Test
  void send_nonPersistent_notLogged() {
    Effects e = engine.commit(List.of(msg("a", "queue://q", false, 4, 0, 0)), List.of(), 0);
    assertThat(e.records()).isEmpty();
  }

  @Test
  void addConsumer_readyMessages_deliveredUpToPrefetch() {
    engine.commit(List.of(msg("a"), msg("b"), msg("c")), List.of(), 0);
    Effects e = engine.addConsumer(consumer("queue://q", "", 2), 0);
    assertThat(e.deliveries()).extracting(d -> d.message().messageId()).containsExactly("a", "b");
    assertThat(e.deliveries()).allSatisfy(d -> assertThat(d.deliveryCount()).isEqualTo(1));
  }

  @Test
  void consumed_returnsCredit_andLogsDeliveryCount() {
    engine.commit(List.of(msg("a"), msg("b")), List.of(), 0);
    Delivery first = engine.addConsumer(consumer("queue://q", "", 1), 0).deliveries().get(0);
    Effects e = engine.consumed(first.consumerId(), first.ref(), 0);
    assertThat(e.records()).containsExactly(new LogRecord.Consumed(first.ref()));
    assertThat(e.deliveries()).extracting(d -> d.message().messageId()).containsExactly("b");
  }

  @Test
  void acknowledge_logsAck_andRemoves() {
    engine.commit(List.of(msg("a")), List.of(), 0);
    Delivery d = engine.addConsumer(consumer("queue://q", "", 1), 0).deliveries().get(0);
    engine.consumed(d.consumerId(), d.ref(), 0);
    Effects e = engine.acknowledge(List.of(d.ref()), 0);
    assertThat(e.records()).containsExactly(new LogRecord.Commit(List.of(), List.of(d.ref())));
    assertThat(engine.totalMessages()).isZero();
  }

  @Test
  void release_consumed_redeliveredWithHigherCount() {
    engine.commit(List.of(msg("a")), List.of(), 0);
    Delivery d = engine.addConsumer(consumer("queue://q", "", 1), 0).deliveries().get(0);
    engine.consumed(d.consumerId(), d.ref(), 0);
    Effects e = engine.release(List.of(d.ref()), 0);
    assertThat(e.deliveries()).singleElement().satisfies(again -> {
      assertThat(again.deliveryCount()).isEqualTo(2);
      assertThat(again.redelivered()).isTrue();
    });
  }

  @Test
  void release_pastMaxDeliveries_movesToDeadLetterQueue() {
    engine.commit(List.of(msg("a")), List.of(), 0);
    ConsumerSpec spec = consumer("queue://q", "", 1);
    Delivery d = engine.addConsumer(spec, 0).deliveries().get(0);
    for (int i = 0; i < 3; i++) {
      engine.consumed(d.consumerId(), d.ref(), 0);
      Effects e = engine.release(List.of(d.ref()), 0);
      if (i < 2) {
        d = e.deliveries().get(0);
      } else {
        assertThat(e.deliveries()).isEmpty();
        assertThat(e.records()).singleElement().isInstanceOfSatisfying(LogRecord.Commit.class, c -> {
          assertThat(c.stored()).singleElement().satisfies(s -> assertThat(s.queue()).isEqualTo("queue://DLQ"));
          assertThat(c.acks()).hasSize(1);
        });
      }
    }
    assertThat(engine.queueStats("DLQ").size()).isEqualTo(1);
  }

  @Test
  void deliveryDelay_heldUntilTick() {
    engine.addConsumer(consumer("queue://q", "", 5), 0);
    Effects sent = engine.commit(List.of(msg("late", "queue://q", true, 4, 100, 0)), List.of(), 0);
    assertThat(sent.deliveries()).isEmpty();
    assertThat(sent.wakeAtMillis()).isEqualTo(100);
    assertThat(engine.tick(99).deliveries()).isEmpty();
    assertThat(engine.tick(100).deliveries()).hasSize(1);
  }

  @Test
  void expired_droppedAtDispatch_andAckLogged() {
    engine.commit(List.of(msg("old", "queue://q", true, 4, 0, 50)), List.of(), 0);
    Effects e = engine.addConsumer(consumer("queue://q", "", 5), 60);
    assertThat(e.deliveries()).isEmpty();
    assertThat(e.records()).singleElement().isInstanceOf(LogRecord.Commit.class);
    assertThat(engine.totalMessages()).isZero();
  }

  @Test
  void priority_higherFirst() {
    engine.commit(List.of(msg("low", "queue://q", false, 1, 0, 0), msg("high", "queue://q", false, 9, 0, 0)), List.of(), 0);
    Effects e = engine.addConsumer(consumer("queue://q", "", 5), 0);
    assertThat(e.deliveries()).extracting(d -> d.message().messageId()).containsExactly("high", "low");
  }

  @Test
  void selector_skipsNonMatching_leavesThemReady() {
    BrokerMessage red = new BrokerMessage("r", 0, null, null, "queue://q", false, 4, 0, 0, null, Map.of("c", "red"), BodyType.NONE, null, null);
    BrokerMessage blue = new BrokerMessage("b", 0, null, null, "queue://q", false, 4, 0, 0, null, Map.of("c", "blue"), BodyType.NONE, null, null);
    engine.commit(List.of(red, blue), List.of(), 0);
    Effects e = engine.addConsumer(consumer("queue://q", "c = 'blue'", 5), 0);
    assertThat(e.deliveries()).extracting(d -> d.message().messageId()).containsExactly("b");
    assertThat(engine.queueStats("q").size()).isEqualTo(2);
    assertThat(engine.queueStats("q").inFlight()).isEqualTo(1);
  }

  @Test
  void queueFull_refusedWithResource_nothingStored() {
    List<BrokerMessage> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(msg("m" + i));
    }
    assertThatThrownBy(() -> engine.commit(six, List.of(), 0)).isInstanceOf(BrokerException.class)
        .satisfies(t -> assertThat(((BrokerException) t).kind()).isEqualTo(BrokerException.Kind.RESOURCE));
    assertThat(engine.totalMessages()).isZero();
  }

  /** An engine whose messages may take {@code budget} bytes in all; queues hold up to 100 messages. */
  private static BrokerEngine withBudget(long budget) {
    return new BrokerEngine(new BrokerLimits(3, "DLQ", 100, 10_000, 1000, budget));
  }

  private static BrokerMessage sized(String id, String dest, int bodyBytes) {
    return new BrokerMessage(id, 0, null, null, dest, true, 4, 0, 0, null, Map.of(), BodyType.BYTES, new byte[bodyBytes], null);
  }

  @Test
  void memoryBudget_aSendThatWouldPassItIsRefused_andNothingOfItIsStored() {
    int each = sized("x", "queue://q", 1000).approximateSize();
    BrokerEngine small = withBudget(3L * each);
    small.commit(List.of(sized("a", "queue://q", 1000), sized("b", "queue://q", 1000)), List.of(), 0);
    assertThat(small.storedBytes()).isEqualTo(2L * each);
    // two more would make four: the whole commit is refused, the third alone still fits
    assertThatThrownBy(() -> small.commit(List.of(sized("c", "queue://q", 1000), sized("d", "queue://r", 1000)), List.of(), 0))
        .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.kind()).isEqualTo(BrokerException.Kind.RESOURCE))
        .hasMessageContaining("is full").hasMessageContaining("maxStoredBytes");
    assertThat(small.totalMessages()).isEqualTo(2);
    assertThat(small.storedBytes()).isEqualTo(2L * each);
    small.commit(List.of(sized("c", "queue://q", 1000)), List.of(), 0);
    assertThat(small.storedBytes()).isEqualTo(3L * each);
  }

  @Test
  void memoryBudget_acknowledgingFreesRoom_andATransactionThatConsumesAsItSendsFits() {
    int each = sized("x", "queue://q", 1000).approximateSize();
    BrokerEngine small = withBudget(2L * each);
    small.commit(List.of(sized("a", "queue://q", 1000), sized("b", "queue://q", 1000)), List.of(), 0);
    ConsumerSpec spec = new ConsumerSpec(1, "conn-2", DestinationKey.parse("queue://q"), "", false, null, 10);
    List<Delivery> got = small.addConsumer(spec, 0).deliveries();
    assertThat(got).hasSize(2);
    // full: a plain send is refused, but one that acknowledges a message of the same size fits
    assertThatThrownBy(() -> small.commit(List.of(sized("c", "queue://out", 1000)), List.of(), 0)).hasMessageContaining("is full");
    small.commit(List.of(sized("c", "queue://out", 1000)), List.of(got.get(0).ref()), 0);
    assertThat(small.storedBytes()).isEqualTo(2L * each);
    small.acknowledge(List.of(got.get(1).ref()), 0);
    assertThat(small.storedBytes()).isEqualTo(each);
    assertThat(small.totalMessages()).isEqualTo(1);
  }

  @Test
  void memoryBudget_countsAMessageOncePerSubscription_andFreesADroppedQueue() {
    int each = sized("x", "topic://t", 500).approximateSize();
    BrokerEngine small = withBudget(10L * each);
    small.addConsumer(new ConsumerSpec(1, "conn-a", DestinationKey.parse("topic://t"), "", false, null, 10), 0);
    small.addConsumer(new ConsumerSpec(2, "conn-b", DestinationKey.parse("topic://t"), "", false, null, 10), 0);
    small.commit(List.of(sized("m", "topic://t", 500)), List.of(), 0);
    assertThat(small.storedBytes()).isEqualTo(2L * each);
    // a subscriber's connection goes away: its subscription's copy no longer counts
    small.connectionClosed("conn-a", 0);
    assertThat(small.storedBytes()).isEqualTo(each);
    assertThat(small.storedBytes()).isEqualTo(small.recountStoredBytes());
  }

  @Test
  void memoryBudget_replayCountsWhatTheLogHolds() {
    int each = sized("x", "queue://q", 1000).approximateSize();
    BrokerEngine small = withBudget(10L * each);
    List<LogRecord> log = new ArrayList<>();
    log.addAll(small.commit(List.of(sized("a", "queue://q", 1000), sized("b", "queue://q", 1000)), List.of(), 0).records());
    List<Delivery> got = small.addConsumer(new ConsumerSpec(1, "conn-2", DestinationKey.parse("queue://q"), "", false, null, 10), 0).deliveries();
    log.addAll(small.commit(List.of(), List.of(got.get(0).ref()), 0).records());
    BrokerEngine fresh = withBudget(10L * each);
    log.forEach(fresh::replay);
    assertThat(fresh.storedBytes()).isEqualTo(each).isEqualTo(fresh.recountStoredBytes());
  }

  @Test
  void limits_badNumbersAreRefusedWhereTheyAreGiven() {
    assertThatThrownBy(() -> new BrokerLimits(3, "DLQ", 100, 10_000, 1000, 0)).hasMessageContaining("maxStoredBytes");
    assertThatThrownBy(() -> new BrokerLimits(3, "DLQ", 0, 10_000, 1000, 1)).hasMessageContaining("maxQueueMessages");
    assertThatThrownBy(() -> new BrokerLimits(-1, "DLQ", 1, 10_000, 1000, 1)).hasMessageContaining("maxDeliveries");
    assertThat(BrokerLimits.defaults().maxStoredBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
  }

  @Test
  void oversized_refused() {
    BrokerMessage big = new BrokerMessage("x", 0, null, null, "queue://q", true, 4, 0, 0, null, Map.of(), BodyType.BYTES, new byte[20_000], null);
    assertThatThrownBy(() -> engine.commit(List.of(big), List.of(), 0)).hasMessageContaining("exceeds");
  }

  @Test
  void removeConsumer_returnsUnconsumedToQueue() {
    engine.commit(List.of(msg("a"), msg("b")), List.of(), 0);
    ConsumerSpec spec = consumer("queue://q", "", 5);
    engine.addConsumer(spec, 0);
    engine.removeConsumer(spec.consumerId(), 0);
    assertThat(engine.queueStats("q").inFlight()).isZero();
    Effects e = engine.addConsumer(consumer("queue://q", "", 5), 0);
    assertThat(e.deliveries()).allSatisfy(d -> assertThat(d.redelivered()).isFalse()).hasSize(2);
  }

  @Test
  void replay_rebuildsState_unackedComeBackRedelivered() {
    List<LogRecord> log = new ArrayList<>();
    log.addAll(engine.commit(List.of(msg("a"), msg("b"), msg("c")), List.of(), 0).records());
    Effects delivered = engine.addConsumer(consumer("queue://q", "", 5), 0);
    Delivery a = delivered.deliveries().get(0);
    Delivery b = delivered.deliveries().get(1);
    log.addAll(engine.consumed(a.consumerId(), a.ref(), 0).records());
    log.addAll(engine.consumed(b.consumerId(), b.ref(), 0).records());
    log.addAll(engine.acknowledge(List.of(a.ref()), 0).records());

    BrokerEngine recovered = new BrokerEngine(BrokerLimits.defaults());
    log.forEach(recovered::replay);
    recovered.finishRecovery(0);
    Effects e = recovered.addConsumer(new ConsumerSpec(99, "c", DestinationKey.queue("q"), "", false, null, 10), 0);
    assertThat(e.deliveries()).extracting(d -> d.message().messageId()).containsExactly("b", "c");
    assertThat(e.deliveries().get(0).redelivered()).isTrue();
    assertThat(e.deliveries().get(0).deliveryCount()).isEqualTo(2);
    assertThat(e.deliveries().get(1).redelivered()).isFalse();
  }

  @Test
  void durableSubscription_loggedAndReplayed() {
    List<LogRecord> log = new ArrayList<>();
    ConsumerSpec sub = new ConsumerSpec(50, "c", DestinationKey.topic("t"), "", false, new SubscriptionSpec("s", "cid", true, false), 5);
    log.addAll(engine.addConsumer(sub, 0).records());
    log.addAll(engine.removeConsumer(50, 0).records());
    log.addAll(engine.commit(List.of(msg("x", "topic://t", true, 4, 0, 0)), List.of(), 0).records());
    assertThat(log.get(0)).isInstanceOf(LogRecord.SubscriptionAdded.class);

    BrokerEngine recovered = new BrokerEngine(BrokerLimits.defaults());
    log.forEach(recovered::replay);
    recovered.finishRecovery(0);
    Effects e = recovered.addConsumer(new ConsumerSpec(51, "c", DestinationKey.topic("t"), "", false, new SubscriptionSpec("s", "cid", true, false), 5), 0);
    assertThat(e.deliveries()).extracting(d -> d.message().messageId()).containsExactly("x");
  }

  @Test
  void restPull_visibilityTimeout_returnsMessage() {
    engine.commit(List.of(msg("a")), List.of(), 0);
    Delivery d = engine.restPull("q", 0);
    assertThat(d.message().messageId()).isEqualTo("a");
    assertThat(engine.restPull("q", 10)).isNull();
    engine.tick(1000);
    Delivery again = engine.restPull("q", 1001);
    assertThat(again.redelivered()).isTrue();
    assertThat(engine.restAcknowledge("a", 1002)).isTrue();
    assertThat(engine.restAcknowledge("a", 1003)).isFalse();
  }

  @Test
  void restPull_unknownQueue_invalidDestination() {
    assertThatThrownBy(() -> engine.restPull("nope", 0)).isInstanceOfSatisfying(BrokerException.class,
        e -> assertThat(e.kind()).isEqualTo(BrokerException.Kind.INVALID_DESTINATION));
  }

  @Test
  void clientId_claimedOnce() {
    engine.claimClientId("c1", "id");
    assertThatThrownBy(() -> engine.claimClientId("c2", "id")).isInstanceOf(BrokerException.class);
    engine.connectionClosed("c1", 0);
    engine.claimClientId("c2", "id");
  }

  @Test
  void connectionClosed_releasesWhatItsConsumersHeld_consumedOnesRedelivered() {
    engine.commit(List.of(msg("a"), msg("b")), List.of(), 0);
    ConsumerSpec spec = consumer("queue://q", "", 5);
    List<Delivery> got = engine.addConsumer(spec, 0).deliveries();
    engine.consumed(spec.consumerId(), got.get(0).ref(), 0);
    engine.removeConsumer(spec.consumerId(), 0);
    assertThat(engine.queueStats("q").inFlight()).isEqualTo(1);
    engine.connectionClosed("conn-2", 0);
    assertThat(engine.queueStats("q").inFlight()).isZero();
    Effects e = engine.addConsumer(consumer("queue://q", "", 5), 0);
    assertThat(e.deliveries()).extracting(d -> d.message().messageId()).containsExactly("a", "b");
    assertThat(e.deliveries().get(0).redelivered()).isTrue();
    assertThat(e.deliveries().get(1).redelivered()).isFalse();
  }

  @Test
  void sweepExpired_dropsExpiredWithoutConsumers_andLogsTheirRemoval() {
    engine.commit(List.of(msg("old", "queue://q", true, 4, 0, 50), msg("young", "queue://q", true, 4, 0, 0),
        msg("late-and-old", "queue://q", true, 4, 500, 60)), List.of(), 0);
    Effects e = engine.sweepExpired(100);
    assertThat(e.records()).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(LogRecord.Commit.class));
    assertThat(engine.queueStats("q").size()).isEqualTo(1);
  }
}
