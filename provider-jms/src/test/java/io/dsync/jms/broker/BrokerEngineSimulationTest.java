package io.dsync.jms.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Goal: under any interleaving of sends, consumers coming and going, consumption,
 * acknowledgement, release and crash-with-replay, no acknowledged message is delivered again, no
 * message is held twice, a consumer never holds more than its prefetch, a message consumed but not
 * acknowledged comes back redelivered, and in the end every unacknowledged message is delivered
 * exactly once. Method: a seeded random walk over the pure engine with a naive model beside it;
 * the "disk" is the list of records the engine emitted; a crash replays it into a fresh engine.
 * Each failure names its seed; replay it with {@link #runSeed}.
 */
class BrokerEngineSimulationTest {
  private static final int SEEDS = Boolean.getBoolean("dsync.soak") ? 5000 : 300;
  private static final int STEPS = 400;

  @Test
  void randomWalks_keepInvariants() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      try {
        runSeed(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("simulation failed with seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  /** One client consumer as the model sees it. */
  private static final class Client {
    final long id;
    final int prefetch;
    final ArrayDeque<Delivery> buffer = new ArrayDeque<>();

    Client(long id, int prefetch) {
      this.id = id;
      this.prefetch = prefetch;
    }
  }

  private BrokerEngine engine;
  private final List<LogRecord> disk = new ArrayList<>();
  private final Map<Long, Client> clients = new LinkedHashMap<>();
  private final Map<String, AckRef> consumedUnacked = new LinkedHashMap<>();
  private final Set<String> mustBeRedelivered = new HashSet<>();
  private final Set<String> acked = new HashSet<>();
  private final Set<String> sent = new HashSet<>();
  private final Map<String, String> holder = new HashMap<>();
  private long now;
  private long nextId;

  void runSeed(long seed) {
    Random r = new Random(seed);
    disk.clear();
    clients.clear();
    consumedUnacked.clear();
    mustBeRedelivered.clear();
    acked.clear();
    sent.clear();
    holder.clear();
    now = 0;
    engine = new BrokerEngine(new BrokerLimits(0, "DLQ", 1_000_000, 1 << 20, 1000, 1L << 40));
    for (int step = 0; step < STEPS; step++) {
      now += r.nextInt(3);
      int op = r.nextInt(100);
      if (op < 25) {
        send(r);
      } else if (op < 35 && clients.size() < 3) {
        long id = ++nextId;
        Client c = new Client(id, 1 + r.nextInt(4));
        clients.put(id, c);
        apply(engine.addConsumer(new ConsumerSpec(id, "conn", DestinationKey.queue("q"), "", false, null, c.prefetch), now));
      } else if (op < 40 && !clients.isEmpty()) {
        Client c = pick(r, clients.values());
        clients.remove(c.id);
        for (Delivery d : c.buffer) {
          holder.remove(d.message().messageId());
        }
        apply(engine.removeConsumer(c.id, now));
      } else if (op < 65) {
        consume(r);
      } else if (op < 78 && !consumedUnacked.isEmpty()) {
        List<String> ids = someOf(r, consumedUnacked.keySet());
        List<AckRef> refs = new ArrayList<>();
        for (String id : ids) {
          refs.add(consumedUnacked.remove(id));
          holder.remove(id);
          acked.add(id);
        }
        apply(engine.acknowledge(refs, now));
      } else if (op < 88 && !consumedUnacked.isEmpty()) {
        List<String> ids = someOf(r, consumedUnacked.keySet());
        List<AckRef> refs = new ArrayList<>();
        for (String id : ids) {
          refs.add(consumedUnacked.remove(id));
          holder.remove(id);
          mustBeRedelivered.add(id);
        }
        apply(engine.release(refs, now));
      } else if (op < 92) {
        crash();
      }
      checkInvariants();
    }
    drainAndCheck();
  }

  private void send(Random r) {
    List<BrokerMessage> batch = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      String id = "m" + (++nextId);
      sent.add(id);
      batch.add(new BrokerMessage(id, now, null, null, "queue://q", true, r.nextInt(10), 0, 0, null, Map.of(), BodyType.NONE, null, "p"));
    }
    apply(engine.commit(batch, List.of(), now));
  }

  private void consume(Random r) {
    List<Client> withMessages = new ArrayList<>();
    for (Client c : clients.values()) {
      if (!c.buffer.isEmpty()) {
        withMessages.add(c);
      }
    }
    if (withMessages.isEmpty()) {
      return;
    }
    Client c = withMessages.get(r.nextInt(withMessages.size()));
    Delivery d = c.buffer.pollFirst();
    String id = d.message().messageId();
    consumedUnacked.put(id, d.ref());
    holder.put(id, "app");
    apply(engine.consumed(c.id, d.ref(), now));
  }

  private void crash() {
    BrokerEngine fresh = new BrokerEngine(new BrokerLimits(0, "DLQ", 1_000_000, 1 << 20, 1000, 1L << 40));
    disk.forEach(fresh::replay);
    fresh.finishRecovery(now);
    engine = fresh;
    mustBeRedelivered.addAll(consumedUnacked.keySet());
    consumedUnacked.clear();
    clients.clear();
    holder.clear();
  }

  private void apply(Effects e) {
    disk.addAll(e.records());
    for (Delivery d : e.deliveries()) {
      String id = d.message().messageId();
      assertThat(acked).as("acknowledged %s delivered again", id).doesNotContain(id);
      assertThat(holder).as("%s delivered while held by %s", id, holder.get(id)).doesNotContainKey(id);
      if (mustBeRedelivered.remove(id)) {
        assertThat(d.redelivered()).as("%s was consumed before, must be redelivered", id).isTrue();
      }
      Client c = clients.get(d.consumerId());
      assertThat(c).as("delivery to unknown consumer %s", d.consumerId()).isNotNull();
      c.buffer.add(d);
      holder.put(id, "consumer " + c.id);
    }
  }

  private void checkInvariants() {
    assertThat(engine.storedBytes()).as("the memory budget's running count").isEqualTo(engine.recountStoredBytes());
    for (Client c : clients.values()) {
      assertThat(c.buffer.size()).as("consumer %d holds more than its prefetch", c.id).isLessThanOrEqualTo(c.prefetch);
    }
  }

  private void drainAndCheck() {
    long id = ++nextId;
    Client last = new Client(id, 1_000_000);
    for (Client c : new ArrayList<>(clients.values())) {
      clients.remove(c.id);
      for (Delivery d : c.buffer) {
        holder.remove(d.message().messageId());
      }
      apply(engine.removeConsumer(c.id, now));
    }
    List<AckRef> back = new ArrayList<>(consumedUnacked.values());
    mustBeRedelivered.addAll(consumedUnacked.keySet());
    for (String m : consumedUnacked.keySet()) {
      holder.remove(m);
    }
    consumedUnacked.clear();
    apply(engine.release(back, now));
    clients.put(id, last);
    apply(engine.addConsumer(new ConsumerSpec(id, "conn", DestinationKey.queue("q"), "", false, null, last.prefetch), now));
    Set<String> delivered = new HashSet<>();
    for (Delivery d : last.buffer) {
      assertThat(delivered.add(d.message().messageId())).as("delivered twice in the drain: %s", d.message().messageId()).isTrue();
    }
    Set<String> expected = new HashSet<>(sent);
    expected.removeAll(acked);
    assertThat(delivered).as("drain delivers exactly the unacknowledged messages").isEqualTo(expected);
    assertThat(mustBeRedelivered).as("consumed messages that never came back").isEmpty();
  }

  private static <T> T pick(Random r, java.util.Collection<T> items) {
    int i = r.nextInt(items.size());
    for (T t : items) {
      if (i-- == 0) {
        return t;
      }
    }
    throw new IllegalStateException();
  }

  private static List<String> someOf(Random r, Set<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (r.nextBoolean()) {
        out.add(id);
      }
    }
    if (out.isEmpty()) {
      out.add(ids.iterator().next());
    }
    return out;
  }
}
