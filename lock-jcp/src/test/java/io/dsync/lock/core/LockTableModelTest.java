package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: the lock table decides exactly what a naive reference model decides, for long random
 * histories. Method: a seed picks a stream of commands over few sessions, threads and resources
 * (so conflicts, queues, deadlocks, expiries, retries and cancels are frequent); both apply each
 * command at the same virtual time; results (status, fence, queue position), events and the
 * whole table must match after every step. The real table is also snapshotted and restored from
 * time to time. A failure names its seed; rerun one with {@code -Ddsync.seed=<seed>}.
 */
class LockTableModelTest {
  private static final String[] RESOURCES = {"a", "b", "c"};
  private static final long LEASE = 2_000;
  /** What the histories covered, so a generator change cannot quietly stop testing something. */
  private static final Map<String, Integer> COVERED = new java.util.concurrent.ConcurrentHashMap<>();

  @org.junit.jupiter.api.AfterAll
  static void historiesCoveredEveryOutcome() {
    if (Long.getLong("dsync.seed") == null) {
      assertThat(COVERED).containsKeys("DEADLOCK", "WAITING", "NOT_GRANTED", "CANCELLED", "UPGRADE_REFUSED",
          "NOT_HOLDER", "ALREADY_WAITING", "UNKNOWN_SESSION", "STALE_INVOCATION", "Granted", "Cancelled", "SessionEnded", "expired");
    }
  }

  static LongStream seeds() {
    Long one = Long.getLong("dsync.seed");
    if (one != null) {
      return LongStream.of(one);
    }
    return Boolean.getBoolean("dsync.soak") ? LongStream.rangeClosed(1, 5_000) : LongStream.rangeClosed(1, 200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomHistory_matchesNaiveModel(long seed) {
    try {
      run(seed, 600);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + " (rerun with -Ddsync.seed=" + seed + "): " + e.getMessage(), e);
    }
  }

  private static void run(long seed, int steps) {
    Random rnd = new Random(seed);
    LockTable table = new LockTable(1_000_000);
    NaiveLockModel model = new NaiveLockModel();
    Map<Long, Long> seq = new HashMap<>();
    List<LockCommand> history = new ArrayList<>();
    long now = 0;
    long lastFence = 0;
    for (int step = 0; step < steps; step++) {
      now += rnd.nextInt(300);
      if (rnd.nextInt(40) == 0) {
        LockTable copy = new LockTable(1_000_000);
        byte[] snap = table.snapshot();
        copy.restore(snap);
        assertThat(copy.snapshot()).isEqualTo(snap);
        table = copy;
      }
      LockCommand c = next(rnd, model, seq, history);
      history.add(c);
      Applied real = table.apply(LockCodec.decodeCommand(LockCodec.encodeCommand(c)), now);
      long deadlocksBefore = model.deadlocks;
      Applied expected = model.apply(c, now);
      String where = "step " + step + " " + c;
      LockResult r = real.result();
      LockResult e = expected.result();
      assertThat(r.status()).as(where + " -> " + r.message()).isEqualTo(e.status());
      assertThat(r.fence()).as(where).isEqualTo(e.fence());
      assertThat(r.queuePosition()).as(where).isEqualTo(e.queuePosition());
      if (model.deadlocks > deadlocksBefore) { // a fresh refusal, not a stored one
        checkCycle((LockCommand.Acquire) c, r, model);
      }
      assertThat(real.events()).as(where).isEqualTo(expected.events());
      COVERED.merge(r.status().name(), 1, Integer::sum);
      for (LockEvent ev : real.events()) {
        COVERED.merge(ev.getClass().getSimpleName(), 1, Integer::sum);
        if (ev instanceof LockEvent.SessionEnded se && se.expired()) {
          COVERED.merge("expired", 1, Integer::sum);
        }
      }
      assertThat(withoutFences(table.views())).as(where).isEqualTo(model.views());
      assertThat(table.stats().lastFence()).as(where).isEqualTo(model.fence).isGreaterThanOrEqualTo(lastFence);
      assertThat(table.stats().deadlocksDetected()).as(where).isEqualTo(model.deadlocks);
      checkInvariants(table, where);
      lastFence = table.stats().lastFence();
    }
  }

  private static void checkCycle(LockCommand.Acquire c, LockResult r, NaiveLockModel model) {
    List<WaitEdge> cycle = r.cycle();
    assertThat(cycle).isNotEmpty();
    assertThat(cycle.get(0).waiter()).isEqualTo(c.owner());
    assertThat(cycle.get(cycle.size() - 1).blocker()).isEqualTo(c.owner());
    for (int i = 0; i < cycle.size(); i++) {
      assertThat(model.lastEdges).as("edge of the reported cycle").contains(cycle.get(i));
      if (i > 0) {
        assertThat(cycle.get(i).waiter()).isEqualTo(cycle.get(i - 1).blocker());
      }
    }
  }

  /**
   * Safety and liveness of the table itself: modes are respected, nobody waits for a lock that
   * could be granted (the queue head is blocked by a holder), and the wait-for graph has no cycle.
   */
  private static void checkInvariants(LockTable table, String where) {
    Map<Owner, List<Owner>> edges = new HashMap<>();
    for (LockView v : table.views()) {
      long exclusive = v.holders().stream().filter(h -> h.exclusiveCount() > 0).count();
      assertThat(exclusive).as(where + " one writer at most").isLessThanOrEqualTo(1);
      if (exclusive == 1) {
        assertThat(v.holders()).as(where + " a writer holds alone").hasSize(1);
      }
      if (!v.waiting().isEmpty()) {
        WaiterView head = v.waiting().get(0);
        boolean blocked = v.holders().stream().anyMatch(h -> h.exclusiveCount() > 0 || head.mode() == LockMode.EXCLUSIVE);
        assertThat(blocked).as(where + " the head of '" + v.resource() + "' waits for nothing").isTrue();
      }
      for (WaiterView w : v.waiting()) {
        List<Owner> out = edges.computeIfAbsent(w.owner(), k -> new ArrayList<>());
        v.holders().stream().filter(h -> h.exclusiveCount() > 0 || w.mode() == LockMode.EXCLUSIVE)
            .forEach(h -> out.add(h.owner()));
        for (WaiterView ahead : v.waiting()) {
          if (ahead.position() >= w.position()) {
            break;
          }
          if (ahead.mode() == LockMode.EXCLUSIVE || w.mode() == LockMode.EXCLUSIVE) {
            out.add(ahead.owner());
          }
        }
      }
    }
    // Kahn's algorithm: every node must be removable if the graph is acyclic
    Map<Owner, Integer> indegree = new HashMap<>();
    edges.forEach((from, tos) -> {
      indegree.putIfAbsent(from, 0);
      tos.forEach(to -> indegree.merge(to, 1, Integer::sum));
    });
    java.util.ArrayDeque<Owner> free = new java.util.ArrayDeque<>();
    indegree.forEach((o, d) -> {
      if (d == 0) {
        free.add(o);
      }
    });
    int removed = 0;
    while (!free.isEmpty()) {
      Owner o = free.poll();
      removed++;
      for (Owner to : edges.getOrDefault(o, List.of())) {
        if (indegree.merge(to, -1, Integer::sum) == 0) {
          free.add(to);
        }
      }
    }
    assertThat(removed).as(where + " the wait-for graph is acyclic").isEqualTo(indegree.size());
  }

  private static List<LockView> withoutFences(List<LockView> views) {
    List<LockView> out = new ArrayList<>();
    for (LockView v : views) {
      out.add(new LockView(v.resource(), v.mode(), v.holders(), v.waiting(), -1));
    }
    return out;
  }

  private static LockCommand next(Random rnd, NaiveLockModel model, Map<Long, Long> seq, List<LockCommand> history) {
    long session = 1 + rnd.nextInt(3);
    long thread = 1 + rnd.nextInt(3);
    String res = RESOURCES[rnd.nextInt(RESOURCES.length)];
    LockMode mode = rnd.nextInt(3) == 0 ? LockMode.EXCLUSIVE : LockMode.SHARED;
    int op = rnd.nextInt(100);
    if (!model.sessions.containsKey(session) && op < 70) {
      return new LockCommand.OpenSession(session, LEASE);
    }
    if (op < 40) {
      return new LockCommand.Acquire(inv(session, seq), thread, res, mode, rnd.nextInt(5) != 0);
    }
    if (op < 65) {
      if (!model.holds.isEmpty() && rnd.nextInt(4) != 0) {
        NaiveLockModel.H h = model.holds.get(rnd.nextInt(model.holds.size()));
        LockMode m = h.x > 0 && (h.s == 0 || rnd.nextBoolean()) ? LockMode.EXCLUSIVE : LockMode.SHARED;
        return new LockCommand.Release(inv(h.owner.sessionId(), seq), h.owner.threadId(), h.res, m);
      }
      return new LockCommand.Release(inv(session, seq), thread, res, mode);
    }
    if (op < 75) {
      if (!model.queue.isEmpty() && rnd.nextInt(3) != 0) {
        return new LockCommand.Cancel(model.queue.get(rnd.nextInt(model.queue.size())).inv());
      }
      long s = seq.getOrDefault(session, 0L);
      return new LockCommand.Cancel(new InvocationId(session, Math.max(1, s + rnd.nextInt(3) - 1)));
    }
    if (op < 82 && !history.isEmpty()) {
      LockCommand old = history.get(rnd.nextInt(history.size()));
      if (old instanceof LockCommand.Acquire || old instanceof LockCommand.Release) {
        return old; // a retry
      }
    }
    if (op < 92) {
      long s = seq.getOrDefault(session, 0L);
      return new LockCommand.KeepAlive(session, rnd.nextInt(3) == 0 ? Math.max(0, s - rnd.nextInt(6)) : 0);
    }
    if (op < 96) {
      return new LockCommand.Tick();
    }
    return new LockCommand.CloseSession(session);
  }

  private static InvocationId inv(long session, Map<Long, Long> seq) {
    return new InvocationId(session, seq.merge(session, 1L, Long::sum));
  }
}
