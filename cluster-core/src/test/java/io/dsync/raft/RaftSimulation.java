package io.dsync.raft;

import io.dsync.check.KvModel;
import io.dsync.check.Operation;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.RaftConfig;
import io.dsync.raft.core.RaftMessage;
import io.dsync.raft.core.Role;
import io.dsync.raft.core.SnapshotImage;
import io.dsync.raft.kv.KvCommands;
import io.dsync.raft.kv.KvStateMachine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A seeded, single-threaded simulation of a Raft cluster: virtual time, an event queue, a
 * network that drops, delays, duplicates, reorders and partitions, simulated disks that lose
 * unsynced writes on a crash, crash/restart, membership changes and leader transfers, and KV
 * clients whose histories are recorded for the linearizability checker. The same seed always
 * replays the same run.
 */
final class RaftSimulation {
  static final long SESSION_TIMEOUT_MILLIS = 3_600_000;
  static final String TRACE = System.getProperty("dsync.trace");
  static final long TRACE_FROM = Long.getLong("dsync.traceFrom", -1);

  final long seed;
  final Random rnd;
  final int baseSize;
  final double dropRate;
  final double duplicateRate;
  final int maxDelayMillis;
  final int faultEveryMillis;
  final boolean allowMembership;
  final RaftConfig cfg;
  final int snapshotEvery;
  final double crashNewLeaderRate;
  final int maxDown;
  final SimInvariants invariants = new SimInvariants();
  final SimStorage.Registry registry = new SimStorage.Registry();
  final TreeMap<String, Node> nodes = new TreeMap<>();
  final List<Client> clients = new ArrayList<>();
  final List<Operation<KvModel.Input, KvModel.Output>> history = new ArrayList<>();
  private final java.util.HashMap<Long, byte[]> results = new java.util.HashMap<>();
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long eventSeq;
  long now;
  long steps;
  boolean faultsOn = true;
  long acknowledgedWrites;

  private abstract static class Event implements Comparable<Event> {
    long time;
    long seq;

    abstract boolean run();

    @Override
    public int compareTo(Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  final class Node {
    final String id;
    final Membership bootstrap;
    final SimStorage disk = new SimStorage(registry);
    RaftReplica replica;
    int generation;
    int group;
    boolean syncing;
    long tickAt = Long.MAX_VALUE;

    Node(String id, Membership bootstrap) {
      this.id = id;
      this.bootstrap = bootstrap;
    }

    boolean up() {
      return replica != null;
    }
  }

  RaftSimulation(long seed) {
    this.seed = seed;
    this.rnd = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    this.baseSize = rnd.nextBoolean() ? 3 : 5;
    this.dropRate = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 0.2;
    this.duplicateRate = rnd.nextDouble() * 0.05;
    this.maxDelayMillis = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 40);
    this.faultEveryMillis = 100 + rnd.nextInt(900);
    this.allowMembership = rnd.nextInt(3) > 0;
    this.snapshotEvery = 10 + rnd.nextInt(200);
    this.crashNewLeaderRate = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 0.5;
    this.maxDown = rnd.nextBoolean() ? (baseSize - 1) / 2 : baseSize - 1; // a majority down stalls, then recovers
    RaftConfig c = RaftConfig.defaults().withTimeouts(150, 30)
        .withBatching(rnd.nextInt(3) == 0 ? 1 : 1 + rnd.nextInt(16), 4096, 1 + rnd.nextInt(8), 16 + rnd.nextInt(200));
    this.cfg = c.withLeaseReads(rnd.nextInt(4) == 0);
    String[] founders = new String[baseSize];
    for (int i = 0; i < baseSize; i++) {
      founders[i] = "n" + (i + 1);
    }
    Membership boot = Membership.of(founders);
    for (String f : founders) {
      nodes.put(f, new Node(f, boot));
    }
    nodes.put("n" + (baseSize + 1), new Node("n" + (baseSize + 1), Membership.EMPTY));
    for (String f : founders) {
      start(nodes.get(f));
    }
    int clientCount = 2 + rnd.nextInt(3);
    for (int i = 0; i < clientCount; i++) {
      Client cl = new Client(i);
      clients.add(cl);
      at(rnd.nextInt(100), cl::wake);
    }
    scheduleFault();
  }

  String describe() {
    return "seed=" + seed + " nodes=" + baseSize + " drop=" + String.format("%.3f", dropRate)
        + " dup=" + String.format("%.3f", duplicateRate) + " delay<=" + maxDelayMillis + " faultEvery="
        + faultEveryMillis + " membership=" + allowMembership + " snapshotEvery=" + snapshotEvery
        + " lease=" + cfg.leaseReads() + " crashNewLeader=" + String.format("%.2f", crashNewLeaderRate)
        + " batch=" + cfg.maxEntriesPerAppend() + " maxDown=" + maxDown;
  }

  // ---------------------------------------------------------------- event loop

  private void at(long delay, Runnable r) {
    atTime(now + delay, () -> {
      r.run();
      return true;
    });
  }

  private void atTime(long time, java.util.function.BooleanSupplier r) {
    Event e = new Event() {
      @Override
      boolean run() {
        return r.getAsBoolean();
      }
    };
    e.time = time;
    e.seq = eventSeq++;
    queue.add(e);
  }

  /** Runs until {@code maxSteps} counted events have happened (or nothing is left). */
  void run(long maxSteps) {
    while (steps < maxSteps && !queue.isEmpty()) {
      Event e = queue.poll();
      now = e.time;
      if (e.run()) {
        steps++;
        checkInvariants();
      }
    }
  }

  void checkInvariants() {
    int before = invariants.leaderChanges;
    for (Node n : nodes.values()) {
      if (n.up()) {
        invariants.check(n.id, n.replica.core());
      }
    }
    if (invariants.leaderChanges != before && faultsOn && rnd.nextDouble() < crashNewLeaderRate) {
      // Kill a fresh leader while it is still repairing followers' logs (Figure 8 territory).
      Node l = leader();
      if (l != null) {
        int gen = l.generation;
        at(1 + rnd.nextInt(3 * maxDelayMillis), () -> {
          if (l.generation == gen && l.up() && countDown() < maxDown) {
            crash(l);
            at(50 + rnd.nextInt(1000), () -> {
              if (!l.up()) {
                start(l);
              }
            });
          }
        });
      }
    }
  }

  private int countDown() {
    int down = 0;
    for (Node n : nodes.values()) {
      down += n.up() ? 0 : 1;
    }
    return down;
  }

  private void afterNode(Node n) {
    if (!n.up()) {
      return;
    }
    RaftReplica r = n.replica;
    if (r.hasUnsynced() && !n.syncing) {
      n.syncing = true;
      int count = r.stagedCount();
      long mark = n.disk.mark();
      int gen = n.generation;
      atTime(now + rnd.nextInt(3), () -> {
        if (n.generation != gen) {
          return false;
        }
        n.syncing = false;
        n.disk.syncTo(mark);
        n.replica.completeSynced(count, now);
        afterNode(n);
        return true;
      });
    }
    long wake = Math.max(r.nextWakeMillis(), now);
    if (wake < n.tickAt || n.tickAt < now) {
      n.tickAt = wake;
      int gen = n.generation;
      atTime(wake, () -> {
        if (n.generation != gen || n.tickAt != wake) {
          return false;
        }
        n.tickAt = Long.MAX_VALUE;
        n.replica.onTick(now);
        afterNode(n);
        return true;
      });
    }
  }

  // ---------------------------------------------------------------- nodes

  private void start(Node n) {
    RaftReplica.Listener listener = new RaftReplica.Listener() {
      @Override
      public void onApplied(LogEntry entry) {
        invariants.applied(n.id, entry);
      }

      @Override
      public void onSnapshotInstalled(SnapshotImage snapshot) {}

      @Override
      public void onAcknowledged(long index, long term) {
        invariants.acknowledged(index, term);
      }
    };
    int gen = n.generation;
    RaftReplica.Outbox outbox = (to, msg) -> send(n, gen, to, msg);
    StateMachine sm = new SessionStateMachine(new KvStateMachine(), SESSION_TIMEOUT_MILLIS);
    StateMachine checked = new StateMachine() {
      @Override
      public byte[] apply(long index, byte[] command) {
        byte[] r = sm.apply(index, command);
        byte[] prev = results.putIfAbsent(index, r);
        if (TRACE != null && prev == null && new String(command, StandardCharsets.ISO_8859_1).contains(TRACE)) {
          System.out.println("t=" + now + " " + n.id + " applied " + TRACE + " at " + index + " status " + r[0]
              + " session " + java.nio.ByteBuffer.wrap(command, 1, 16).getLong() + " seq "
              + java.nio.ByteBuffer.wrap(command, 9, 8).getLong());
        }
        if (prev != null && !java.util.Arrays.equals(prev, r)) {
          throw new AssertionError("state machines diverge: " + n.id + " got another result at " + index);
        }
        return r;
      }

      @Override
      public byte[] query(byte[] query) {
        return sm.query(query);
      }

      @Override
      public byte[] snapshot() {
        return sm.snapshot();
      }

      @Override
      public void restore(byte[] snapshot) {
        sm.restore(snapshot);
      }
    };
    n.replica = new RaftReplica(n.id, cfg, new Random(rnd.nextLong()), n.disk, checked, n.bootstrap, outbox,
        listener, snapshotEvery, now);
    invariants.restarted(n.id);
    n.tickAt = Long.MAX_VALUE;
    afterNode(n);
  }

  private void crash(Node n) {
    RaftReplica r = n.replica;
    n.replica = null;
    n.generation++;
    n.syncing = false;
    n.tickAt = Long.MAX_VALUE;
    r.close();
    n.disk.crash(rnd);
  }

  private void send(Node from, int gen, String to, RaftMessage msg) {
    if (from.generation != gen || rnd.nextDouble() < dropRate) {
      return;
    }
    int copies = rnd.nextDouble() < duplicateRate ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      atTime(now + 1 + rnd.nextInt(maxDelayMillis), () -> {
        Node dest = nodes.get(to);
        if (dest == null || !dest.up() || dest.group != from.group) {
          return false;
        }
        if (TRACE_FROM >= 0 && steps >= TRACE_FROM) {
          System.out.println("t=" + now + " " + from.id + "->" + to + " " + msg);
        }
        dest.replica.onMessage(from.id, msg, now);
        afterNode(dest);
        return true;
      });
    }
  }

  Node leader() {
    Node best = null;
    for (Node n : nodes.values()) {
      if (n.up() && n.replica.core().role() == Role.LEADER
          && (best == null || n.replica.core().term() > best.replica.core().term())) {
        best = n;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- faults

  private void scheduleFault() {
    at(1 + rnd.nextInt(2 * faultEveryMillis), () -> {
      if (faultsOn) {
        fault();
        scheduleFault();
      }
    });
  }

  private void fault() {
    List<Node> up = new ArrayList<>();
    List<Node> down = new ArrayList<>();
    for (Node n : nodes.values()) {
      (n.up() ? up : down).add(n);
    }
    int choice = rnd.nextInt(10);
    if (choice < 3 && down.size() < maxDown && up.size() > 1) {
      Node victim = rnd.nextInt(3) == 0 && leader() != null ? leader() : up.get(rnd.nextInt(up.size()));
      crash(victim);
      at(50 + rnd.nextInt(1500), () -> {
        if (!victim.up()) {
          start(victim);
        }
      });
    } else if (choice < 5) {
      for (Node n : nodes.values()) {
        n.group = rnd.nextInt(3) == 0 ? 1 : 0;
      }
      at(100 + rnd.nextInt(1000), this::heal);
    } else if (choice < 7 && allowMembership) {
      changeMembership();
    } else if (choice < 8) {
      Node l = leader();
      if (l != null) {
        List<String> others = new ArrayList<>(l.replica.core().membership().voters());
        others.remove(l.id);
        if (!others.isEmpty()) {
          l.replica.transferLeadership(others.get(rnd.nextInt(others.size())), now);
          afterNode(l);
        }
      }
    }
  }

  String statusLine() {
    StringBuilder sb = new StringBuilder();
    for (Node n : nodes.values()) {
      sb.append("\n  ").append(n.id).append(n.up() ? " " + n.replica.status() + " applied=" + n.replica.appliedIndex()
          + " staged=" + n.replica.stagedCount() + " syncing=" + n.syncing + " " + n.replica.core().describeProgress() : " down");
    }
    return sb.toString();
  }

  void heal() {
    for (Node n : nodes.values()) {
      n.group = 0;
    }
  }

  private void changeMembership() {
    Node l = leader();
    if (l == null) {
      return;
    }
    Membership m = l.replica.core().membership();
    List<String> outside = new ArrayList<>();
    for (String id : nodes.keySet()) {
      if (!m.contains(id)) {
        outside.add(id);
      }
    }
    boolean add = m.voters().size() <= baseSize - 1 || (m.voters().size() == baseSize && rnd.nextBoolean());
    add &= !outside.isEmpty();
    String target;
    if (add) {
      target = outside.get(rnd.nextInt(outside.size()));
      Node t = nodes.get(target);
      if (!t.up()) {
        start(t);
      }
    } else {
      if (m.voters().size() <= 3) {
        return;
      }
      List<String> voters = new ArrayList<>(m.voters());
      target = voters.get(rnd.nextInt(voters.size()));
    }
    io.dsync.raft.core.MembershipChange change = !add ? io.dsync.raft.core.MembershipChange.REMOVE
        : rnd.nextBoolean() ? io.dsync.raft.core.MembershipChange.ADD_LEARNER : io.dsync.raft.core.MembershipChange.ADD_VOTER;
    l.replica.changeMembership(target, change, now);
    afterNode(l);
  }

  /** Stops faults, heals and restarts everything: the cluster must then make progress. */
  void quiesce() {
    faultsOn = false;
    heal();
    for (Node n : nodes.values()) {
      if (!n.up() && (n.bootstrap.voters().size() > 0 || n.disk.load().hardState().term() > 0)) {
        start(n);
      }
    }
  }

  /** The history, with writes still in flight added as operations of unknown outcome. */
  List<Operation<KvModel.Input, KvModel.Output>> finalHistory() {
    List<Operation<KvModel.Input, KvModel.Output>> h = new ArrayList<>(history);
    for (Client c : clients) {
      if (c.busy && "put".equals(c.kind)) {
        h.add(Operation.pending(c.id, KvModel.Input.put(c.key, c.value), c.callTime));
      }
    }
    return h;
  }

  // ---------------------------------------------------------------- clients

  final class Client {
    final int id;
    long session;
    long seq;
    long ackedThrough;
    int opCounter;
    String kind;
    String key;
    String value;
    long callTime;
    int attempts;
    long attempt;
    String target;
    boolean busy;

    Client(int id) {
      this.id = id;
    }

    void wake() {
      if (busy) {
        return;
      }
      busy = true;
      attempts = 0;
      callTime = now;
      if (session == 0) {
        kind = "register";
      } else {
        key = "k" + rnd.nextInt(3);
        if (rnd.nextInt(10) < 6) {
          kind = "put";
          value = "c" + id + "-" + (++opCounter);
          seq++;
        } else {
          kind = "get";
          value = null;
        }
      }
      tryOnce();
    }

    private void tryOnce() {
      attempts++;
      long myAttempt = ++attempt;
      List<String> ids = new ArrayList<>(nodes.keySet());
      String dest = target != null && rnd.nextInt(4) > 0 ? target : ids.get(rnd.nextInt(ids.size()));
      at(1 + rnd.nextInt(maxDelayMillis), () -> arrive(dest, myAttempt));
      at(400, () -> {
        if (busy && attempt == myAttempt) {
          retryOrGiveUp();
        }
      });
    }

    private void arrive(String dest, long myAttempt) {
      Node n = nodes.get(dest);
      if (!n.up()) {
        return;
      }
      CompletableFuture<byte[]> f;
      switch (kind) {
        case "register" -> f = n.replica.submit(SessionCommands.register(now), now);
        case "put" -> f = n.replica.submit(SessionCommands.command(session, seq, ackedThrough, now,
            KvCommands.put(key, value.getBytes(StandardCharsets.UTF_8))), now);
        default -> f = n.replica.read(KvCommands.get(key), now);
      }
      f.whenComplete((res, ex) -> at(1 + rnd.nextInt(maxDelayMillis), () -> reply(myAttempt, res, ex)));
      afterNode(n);
    }

    private void reply(long myAttempt, byte[] res, Throwable ex) {
      if (!busy || myAttempt != attempt) {
        return;
      }
      if (ex != null) {
        if (ex instanceof RaftException re && re.kind() == RaftException.Kind.NOT_LEADER) {
          target = re.leaderHint();
        } else {
          target = null;
        }
        at(5 + rnd.nextInt(20), this::retryOrGiveUp);
        return;
      }
      switch (kind) {
        case "register" -> session = SessionCommands.sessionId(res);
        case "put" -> {
          if (SessionCommands.status(res) != SessionCommands.OK) {
            throw new AssertionError("client " + id + " put refused: status " + SessionCommands.status(res));
          }
          byte[] prev = KvCommands.value(SessionCommands.body(res));
          record(KvModel.Input.put(key, value), KvModel.Output.of(str(prev)), now);
          ackedThrough = seq;
          acknowledgedWrites++;
        }
        default -> record(KvModel.Input.get(key), KvModel.Output.of(str(KvCommands.value(res))), now);
      }
      busy = false;
      at(rnd.nextInt(30), this::wake);
    }

    private void retryOrGiveUp() {
      if (!busy) {
        return;
      }
      if (attempts >= 12) {
        if (kind.equals("put")) {
          if (TRACE != null && value.equals(TRACE)) {
            System.out.println("t=" + now + " client " + id + " gave up " + value + " called " + callTime);
          }
          history.add(Operation.pending(id, KvModel.Input.put(key, value), callTime));
          ackedThrough = seq;
        }
        busy = false;
        at(rnd.nextInt(30), this::wake);
        return;
      }
      tryOnce();
    }

    private void record(KvModel.Input in, KvModel.Output out, long returned) {
      if (TRACE != null && (in.toString().contains(TRACE) || String.valueOf(out).contains(TRACE))) {
        System.out.println("t=" + now + " client " + id + " " + in + " -> " + out + " called " + callTime + " seq " + seq + " attempts " + attempts);
      }
      history.add(new Operation<>(id, in, out, callTime, returned));
    }
  }

  private static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
