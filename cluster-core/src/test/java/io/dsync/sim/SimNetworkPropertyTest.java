package io.dsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.cluster.NodeId;
import io.dsync.net.InboundHandler;
import io.dsync.net.Reply;
import io.dsync.wire.Message;
import io.dsync.wire.TestMessages.Seq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Goal: the simulated network keeps the promises protocol tests rely on, whatever the seed.
 * Method: for many seeds, random link settings, partitions and crashes under random traffic; then
 * check that (1) a link without reordering or duplication delivers a subsequence of what was sent,
 * in order, (2) nothing sent to or from a crashed incarnation arrives, (3) every request of a live
 * node completes exactly once, by its deadline, (4) without duplication nothing arrives twice.
 */
class SimNetworkPropertyTest {
  private static final int SEEDS = 60;
  private static final List<NodeId> NODES = List.of(NodeId.of("p1"), NodeId.of("p2"), NodeId.of("p3"), NodeId.of("p4"));

  /** One delivery as a handler saw it: receiver incarnation, and the sender's at delivery time. */
  private record Seen(NodeId to, int incarnation, NodeId from, int fromIncarnationNow, long number) {}

  /** One message as sent. */
  private record Sent(NodeId from, int fromIncarnation, NodeId to, int toIncarnation) {}

  @Test
  void invariants_holdForManySeeds() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      check(seed);
    }
  }

  private void check(long seed) {
    SimScheduler scheduler = new SimScheduler(seed);
    SimNetwork network = new SimNetwork(scheduler);
    Random random = scheduler.random();
    boolean fifo = random.nextBoolean();
    boolean duplicates = random.nextBoolean();
    network.defaultLink(new LinkConfig(random.nextDouble() * 0.3, duplicates ? 0.2 : 0, fifo ? 0 : 0.3,
        random.nextInt(3), 3 + random.nextInt(30)));
    List<Seen> seen = new ArrayList<>();
    Map<NodeId, SimTransport> live = new HashMap<>();
    Map<NodeId, Integer> incarnation = new HashMap<>();
    Map<Long, Sent> sent = new HashMap<>();
    List<CompletableFuture<Message>> futures = new ArrayList<>();
    List<NodeId> requesters = new ArrayList<>();
    int[] completions = new int[1];
    for (NodeId id : NODES) {
      incarnation.put(id, 0);
      SimTransport t = network.transport(id);
      t.start(handler(id, 0, seen, incarnation));
      live.put(id, t);
    }
    long[] counter = new long[1];
    for (int i = 0; i < 300; i++) {
      scheduler.schedule(random.nextInt(2000), () -> {
        NodeId from = NODES.get(random.nextInt(NODES.size()));
        NodeId to = NODES.get(random.nextInt(NODES.size()));
        SimTransport t = live.get(from);
        if (t == null || from.equals(to)) {
          return;
        }
        long n = counter[0]++;
        sent.put(n, new Sent(from, incarnation.get(from), to, incarnation.get(to)));
        if (random.nextInt(4) == 0) {
          long timeout = 50 + random.nextInt(200);
          CompletableFuture<Message> f = t.request(to, new Seq(from.value(), n), Duration.ofMillis(timeout));
          long deadline = scheduler.nowMillis() + timeout;
          futures.add(f);
          requesters.add(from);
          f.whenComplete((r, e) -> {
            completions[0]++;
            assertThat(scheduler.nowMillis()).as("seed %d: completed after its deadline", seed).isLessThanOrEqualTo(deadline);
          });
        } else {
          t.send(to, new Seq(from.value(), n));
        }
      });
    }
    for (int i = 0; i < 6; i++) {
      scheduler.schedule(random.nextInt(2000), () -> {
        NodeId victim = NODES.get(random.nextInt(NODES.size()));
        switch (random.nextInt(4)) {
          case 0 -> network.partition(List.of(victim), NODES.stream().filter(n -> !n.equals(victim)).toList());
          case 1 -> network.heal();
          case 2 -> {
            if (live.remove(victim) != null) {
              network.crash(victim);
              incarnation.merge(victim, 1, Integer::sum);
            }
          }
          default -> {
            if (!live.containsKey(victim)) {
              SimTransport t = network.restart(victim);
              t.start(handler(victim, incarnation.get(victim), seen, incarnation));
              live.put(victim, t);
            }
          }
        }
      });
    }
    scheduler.runUntilIdle(1_000_000);

    assertThat(seen).as("seed %d delivered nothing", seed).hasSizeGreaterThan(20);
    Map<String, Long> lastOnLink = new HashMap<>();
    java.util.Set<String> delivered = new java.util.HashSet<>();
    for (Seen s : seen) {
      Sent m = sent.get(s.number());
      // (2) delivered only to the incarnation it was sent to, and only while its sender lives
      assertThat(s.incarnation()).as("seed %d: %s reached a later incarnation", seed, s).isEqualTo(m.toIncarnation());
      assertThat(s.fromIncarnationNow()).as("seed %d: %s outlived its sender", seed, s).isEqualTo(m.fromIncarnation());
      String key = s.from() + "->" + s.to() + "#" + s.incarnation();
      if (fifo && !duplicates) {
        Long last = lastOnLink.put(key, s.number());
        if (last != null) {
          assertThat(s.number()).as("seed %d: FIFO on %s", seed, key).isGreaterThan(last);
        }
      }
      if (!duplicates) {
        assertThat(delivered.add(s.to() + "<-" + s.number())).as("seed %d: duplicate %s", seed, s).isTrue();
      }
    }
    // (3) each request completed at most once (counted) and, if its node never crashed, exactly once
    long done = futures.stream().filter(CompletableFuture::isDone).count();
    assertThat((long) completions[0]).as("seed %d", seed).isEqualTo(done);
    for (int i = 0; i < futures.size(); i++) {
      if (incarnation.get(requesters.get(i)) == 0) {
        assertThat(futures.get(i)).as("seed %d: request %d of a live node", seed, i).isDone();
      }
    }
  }

  private static InboundHandler handler(NodeId id, int incarnation, List<Seen> seen, Map<NodeId, Integer> incarnations) {
    return new InboundHandler() {
      @Override
      public void onMessage(NodeId from, Message message, Reply reply) {
        Seq seq = (Seq) message;
        seen.add(new Seen(id, incarnation, from, incarnations.get(from), seq.number()));
        reply.respond(message);
      }
    };
  }
}
