package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCodec;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockMode;
import io.dsync.lock.core.LockQueryCodec;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockView;
import io.dsync.lock.core.Owner;
import io.dsync.lock.core.Status;
import io.dsync.raft.RaftReplica;
import io.dsync.raft.StateMachine;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.RaftConfig;
import io.dsync.raft.core.RaftMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: the lock table replicated by the real Raft core stays correct through crashes, restarts,
 * partitions, message loss and clients that stop heartbeating, and makes progress once the
 * faults stop. Method: one thread advances virtual time over an event queue; three
 * {@link RaftReplica}s each apply to their own {@link LockStateMachine} (log in memory, kept
 * across crashes); clients with sessions send acquires (try and queued), releases, cancels and
 * heartbeats to random nodes, re-sending the same invocation after a time-out or while queued.
 * Checked after every applied entry: every replica answers the same result for the same log
 * index, a fence always names the same grant, one writer per resource, no queue head waits for
 * nothing, the wait-for graph has no cycle.
 * At the end the network heals and every client must finish its work. The seed picks everything;
 * a failure names it (rerun one with {@code -Ddsync.seed=<seed>}).
 */
class LockRaftSimulationTest {
  private static final long LEASE = 1_500;
  private static final String[] RESOURCES = {"a", "b"};

  static LongStream seeds() {
    Long one = Long.getLong("dsync.seed");
    if (one != null) {
      return LongStream.of(one);
    }
    return Boolean.getBoolean("dsync.soak") ? LongStream.rangeClosed(1, 500) : LongStream.rangeClosed(1, 12);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void locksOnRaft_surviveFaults_andFinish(long seed) {
    Sim sim = new Sim(seed);
    try {
      sim.run();
      System.out.printf("seed %d: t=%d ms, %d log entries, %d grants, %d crashes, %d sessions%n", seed, sim.now,
          sim.resultAt.size(), sim.grantOfFence.size(), sim.crashes, sim.nextSession - 1);
      assertThat(sim.grantOfFence).hasSizeGreaterThan(20);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + " at t=" + sim.now + " (rerun with -Ddsync.seed=" + seed + "): "
          + e.getMessage(), e);
    }
  }

  private static final class Sim {
    final Random rnd;
    final PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
        : Long.compare(x[1], y[1]));
    final Map<Long, Runnable> actions = new HashMap<>();
    long eventSeq;
    long now;
    final List<SimNode> nodes = new ArrayList<>();
    final List<SimClient> clients = new ArrayList<>();
    final TreeMap<Long, byte[]> resultAt = new TreeMap<>();
    final Map<Long, String> grantOfFence = new HashMap<>();
    final double drop;
    boolean faults = true;
    int partitioned = -1;
    long nextSession = 1;
    int crashes;

    Sim(long seed) {
      rnd = new Random(seed);
      drop = rnd.nextDouble() * 0.1;
      for (String id : List.of("n1", "n2", "n3")) {
        SimNode n = new SimNode(this, id);
        nodes.add(n);
        n.start();
      }
      for (int i = 0; i < 4; i++) {
        SimClient c = new SimClient(this, i, 25 + rnd.nextInt(20));
        clients.add(c);
        at(rnd.nextInt(200), c::wake);
      }
      every(5, () -> nodes.forEach(SimNode::tick));
    }

    void at(long delay, Runnable r) {
      long id = ++eventSeq;
      actions.put(id, r);
      queue.add(new long[] {now + Math.max(0, delay), id});
    }

    void every(long period, Runnable r) {
      at(period, () -> {
        r.run();
        every(period, r);
      });
    }

    void run() {
      long faultsUntil = 15_000 + rnd.nextInt(10_000);
      long end = faultsUntil + 60_000;
      at(300 + rnd.nextInt(700), this::fault);
      while (!queue.isEmpty() && now < end) {
        long[] e = queue.poll();
        now = e[0];
        Runnable r = actions.remove(e[1]);
        r.run();
        if (faults && now >= faultsUntil) {
          heal();
        }
        if (!faults && clients.stream().allMatch(SimClient::finished)) {
          return;
        }
      }
      List<String> stuck = new ArrayList<>();
      clients.stream().filter(c -> !c.finished()).forEach(c -> stuck.add(c.describe()));
      throw new AssertionError("no progress after the faults stopped: " + stuck);
    }

    void fault() {
      if (!faults) {
        return;
      }
      int kind = rnd.nextInt(4);
      SimNode n = nodes.get(rnd.nextInt(nodes.size()));
      if (kind == 0 && n.up()) {
        crashes++;
        n.crash();
        at(200 + rnd.nextInt(1_500), n::start);
      } else if (kind == 1) {
        partitioned = rnd.nextInt(nodes.size());
        at(300 + rnd.nextInt(2_000), () -> partitioned = -1);
      } else if (kind == 2) {
        SimClient c = clients.get(rnd.nextInt(clients.size()));
        c.pausedUntil = now + LEASE + rnd.nextInt((int) LEASE * 2); // its session may expire
      }
      at(300 + rnd.nextInt(1_200), this::fault);
    }

    void heal() {
      faults = false;
      partitioned = -1;
      for (SimNode n : nodes) {
        if (!n.up()) {
          n.start();
        }
      }
    }

    boolean linked(String a, String b) {
      if (partitioned >= 0 && (nodes.get(partitioned).id.equals(a) != nodes.get(partitioned).id.equals(b))) {
        return false;
      }
      return !faults || rnd.nextDouble() >= drop;
    }

    SimNode node(String id) {
      return nodes.stream().filter(n -> n.id.equals(id)).findFirst().orElseThrow();
    }

    /** Every replica must answer the same bytes for the same index. */
    void recordResult(String node, long index, byte[] result) {
      byte[] seen = resultAt.putIfAbsent(index, result);
      if (seen != null && !Arrays.equals(seen, result)) {
        throw new AssertionError(node + " answered differently at index " + index + ": "
            + LockCodec.decodeResult(result) + " vs " + LockCodec.decodeResult(seen));
      }
    }

    /** A fence names one grant, whoever reports it. */
    void recordGrant(long fence, Owner owner, String resource) {
      String grant = owner + "@" + resource;
      String seen = grantOfFence.putIfAbsent(fence, grant);
      if (seen != null && !seen.equals(grant)) {
        throw new AssertionError("fence " + fence + " reported for " + grant + " and for " + seen);
      }
    }
  }

  private static final class SimNode {
    final Sim sim;
    final String id;
    final MemRaftStorage disk = new MemRaftStorage();
    RaftReplica replica;
    LockStateMachine machine;

    SimNode(Sim sim, String id) {
      this.sim = sim;
      this.id = id;
    }

    boolean up() {
      return replica != null;
    }

    void start() {
      if (up()) {
        return;
      }
      machine = new LockStateMachine();
      StateMachine checked = new StateMachine() {
        @Override
        public byte[] apply(long index, byte[] command) {
          byte[] r = machine.apply(index, command);
          sim.recordResult(id, index, r);
          checkTable();
          return r;
        }

        @Override
        public byte[] query(byte[] query) {
          return machine.query(query);
        }

        @Override
        public byte[] snapshot() {
          return machine.snapshot();
        }

        @Override
        public void restore(byte[] snapshot) {
          machine.restore(snapshot);
        }
      };
      replica = new RaftReplica(id, RaftConfig.defaults().withTimeouts(150, 30), new Random(sim.rnd.nextLong()), disk,
          checked, Membership.of("n1", "n2", "n3"), this::send, new RaftReplica.Listener() {},
          20 + sim.rnd.nextInt(200), sim.now);
    }

    void crash() {
      replica.close();
      replica = null;
    }

    void send(String to, RaftMessage m) {
      if (!sim.linked(id, to)) {
        return;
      }
      sim.at(1 + sim.rnd.nextInt(15), () -> {
        SimNode target = sim.node(to);
        if (target.up() && up()) {
          target.replica.onMessage(id, m, sim.now);
          target.replica.syncNow(sim.now);
        }
      });
    }

    void tick() {
      if (up() && sim.now >= replica.nextWakeMillis()) {
        replica.onTick(sim.now);
        replica.syncNow(sim.now);
      }
      if (up() && replica.core().role() == io.dsync.raft.core.Role.LEADER && sim.now >= machine.nextExpiryMillis()) {
        submit(new LockCommand.Tick());
      }
    }

    CompletableFuture<byte[]> submit(LockCommand c) {
      if (!up()) {
        return CompletableFuture.failedFuture(new IllegalStateException(id + " is down"));
      }
      CompletableFuture<byte[]> f = replica.submit(LockStateMachine.entry(c, sim.now), sim.now);
      replica.syncNow(sim.now);
      return f;
    }

    void checkTable() {
      List<LockView> views = LockQueryCodec.readViews(machine.query(LockQueryCodec.viewsQuery()));
      if (hasWaitCycle(views)) {
        throw new AssertionError(id + ": the wait-for graph has a cycle: " + views);
      }
      for (LockView v : views) {
        long writers = v.holders().stream().filter(h -> h.exclusiveCount() > 0).count();
        if (writers > 1 || (writers == 1 && v.holders().size() > 1)) {
          throw new AssertionError(id + ": '" + v.resource() + "' held by a writer and others: " + v.holders());
        }
        if (!v.waiting().isEmpty()) {
          LockMode head = v.waiting().get(0).mode();
          boolean blocked = v.holders().stream().anyMatch(h -> h.exclusiveCount() > 0 || head == LockMode.EXCLUSIVE);
          if (!blocked) {
            throw new AssertionError(id + ": the head of '" + v.resource() + "' waits for nothing: " + v);
          }
        }
      }
    }
  }

  /** Whether the wait-for graph of these views has a cycle (depth-first search, colours). */
  static boolean hasWaitCycle(List<LockView> views) {
    Map<Owner, List<Owner>> edges = new HashMap<>();
    for (LockView v : views) {
      for (io.dsync.lock.core.WaiterView w : v.waiting()) {
        List<Owner> out = edges.computeIfAbsent(w.owner(), k -> new ArrayList<>());
        v.holders().stream().filter(h -> h.exclusiveCount() > 0 || w.mode() == LockMode.EXCLUSIVE)
            .forEach(h -> out.add(h.owner()));
        v.waiting().stream().filter(a -> a.position() < w.position())
            .filter(a -> a.mode() == LockMode.EXCLUSIVE || w.mode() == LockMode.EXCLUSIVE)
            .forEach(a -> out.add(a.owner()));
      }
    }
    Map<Owner, Integer> colour = new HashMap<>(); // 1 = on the stack, 2 = done
    for (Owner start : edges.keySet()) {
      if (cycleFrom(start, edges, colour)) {
        return true;
      }
    }
    return false;
  }

  private static boolean cycleFrom(Owner o, Map<Owner, List<Owner>> edges, Map<Owner, Integer> colour) {
    Integer c = colour.get(o);
    if (c != null) {
      return c == 1;
    }
    colour.put(o, 1);
    for (Owner next : edges.getOrDefault(o, List.of())) {
      if (cycleFrom(next, edges, colour)) {
        return true;
      }
    }
    colour.put(o, 2);
    return false;
  }

  /** A client that sends one command at a time, re-sending it (same invocation) until it ends. */
  private static final class SimClient {
    final Sim sim;
    final int number;
    final int target;
    long session;
    long seq;
    boolean open;
    int done;
    final Map<String, LockMode> held = new HashMap<>();
    LockCommand inFlight;
    CompletableFuture<byte[]> answer;
    long sentAt;
    long queuedSince = -1;
    long pausedUntil;
    long nextHeartbeat;

    SimClient(Sim sim, int number, int target) {
      this.sim = sim;
      this.number = number;
      this.target = target;
      this.session = sim.nextSession++;
    }

    boolean finished() {
      return done >= target && held.isEmpty() && inFlight == null;
    }

    String describe() {
      return "client " + number + " session " + session + " done " + done + "/" + target + " holding " + held
          + " sending " + inFlight;
    }

    void wake() {
      sim.at(20 + sim.rnd.nextInt(40), this::wake);
      if (sim.now < pausedUntil) {
        return;
      }
      if (sim.now >= nextHeartbeat && open) {
        nextHeartbeat = sim.now + LEASE / 4;
        randomNode().submit(new LockCommand.KeepAlive(session));
      }
      if (inFlight != null) {
        if (answer.isDone()) {
          if (answer.isCompletedExceptionally()) {
            resend(); // not the leader, or the node is down: try again (same invocation)
          } else {
            onResult(LockCodec.decodeResult(answer.join()));
          }
        } else if (sim.now - sentAt > 300) {
          resend(); // no answer (a crash or a lost message): the same invocation applies once
        }
        return;
      }
      if (!open) {
        send(new LockCommand.OpenSession(session, LEASE));
      } else if (!held.isEmpty() && (sim.rnd.nextBoolean() || done >= target)) {
        String res = held.keySet().iterator().next();
        send(new LockCommand.Release(new InvocationId(session, ++seq), 1, res, held.get(res)));
      } else if (done < target) {
        String res = RESOURCES[sim.rnd.nextInt(RESOURCES.length)];
        LockMode mode = sim.rnd.nextInt(3) == 0 ? LockMode.SHARED : LockMode.EXCLUSIVE;
        if (held.containsKey(res)) {
          return;
        }
        send(new LockCommand.Acquire(new InvocationId(session, ++seq), 1, res, mode, sim.rnd.nextInt(4) != 0));
      }
    }

    void send(LockCommand c) {
      if (c instanceof LockCommand.Acquire a) {
        lastAcquireResource = a.resource();
        lastAcquireMode = a.mode();
      }
      inFlight = c;
      queuedSince = -1;
      resend();
    }

    void resend() {
      sentAt = sim.now;
      answer = randomNode().submit(inFlight);
    }

    /** The node a request goes to: the leader when one is up (as a follower would forward), else any. */
    SimNode randomNode() {
      SimNode best = null;
      for (SimNode n : sim.nodes) {
        if (n.up() && n.replica.core().role() == io.dsync.raft.core.Role.LEADER
            && (best == null || n.replica.core().term() > best.replica.core().term())) {
          best = n;
        }
      }
      return best != null ? best : sim.nodes.get(sim.rnd.nextInt(sim.nodes.size()));
    }

    void onResult(LockResult r) {
      LockCommand c = inFlight;
      if (r.status() == Status.UNKNOWN_SESSION) { // lease lost: everything held is gone; start over
        held.clear();
        inFlight = null;
        open = false;
        session = sim.nextSession++;
        seq = 0;
        return;
      }
      if (c instanceof LockCommand.OpenSession) {
        open = true;
        inFlight = null;
        return;
      }
      if (r.status() == Status.WAITING) {
        if (queuedSince < 0) {
          queuedSince = sim.now;
        }
        if (sim.now - queuedSince > 1_000 && c instanceof LockCommand.Acquire a) {
          inFlight = new LockCommand.Cancel(a.invocation()); // give up; the cancel answers the outcome
          queuedSince = -1;
          resend();
          return;
        }
        sentAt = sim.now - 150; // ask again in about 150 ms whether it was granted
        answer = new CompletableFuture<>();
        return;
      }
      Owner owner = new Owner(session, 1);
      if (r.status() == Status.GRANTED) {
        String res;
        LockMode mode;
        if (c instanceof LockCommand.Acquire a) {
          res = a.resource();
          mode = a.mode();
        } else {
          // a cancel that found its acquire granted
          res = lastAcquireResource;
          mode = lastAcquireMode;
        }
        sim.recordGrant(r.fence(), owner, res);
        held.put(res, mode);
      } else if (c instanceof LockCommand.Release rel && r.status() == Status.OK) {
        held.remove(rel.resource());
      } else if (c instanceof LockCommand.Release && r.status() == Status.NOT_HOLDER) {
        throw new AssertionError("client " + number + " released a lock it held: " + r.message());
      }
      if (c instanceof LockCommand.Acquire || c instanceof LockCommand.Cancel) {
        done++;
      }
      inFlight = null;
    }

    String lastAcquireResource;
    LockMode lastAcquireMode;
  }
}
