package io.dsync.raft;

import io.dsync.cluster.NodeId;
import io.dsync.net.RemoteException;
import io.dsync.net.Reply;
import io.dsync.net.Transport;
import io.dsync.raft.RaftException.Kind;
import io.dsync.raft.RaftWire.Envelope;
import io.dsync.raft.RaftWire.ForwardRequest;
import io.dsync.raft.RaftWire.ForwardResponse;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.MembershipChange;
import io.dsync.raft.core.RaftMessage;
import io.dsync.raft.core.RaftStatus;
import io.dsync.raft.core.Role;
import io.dsync.raft.log.FileRaftStorage;
import io.dsync.raft.log.FsyncPolicy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver of one Raft group on this node: runs a {@link RaftReplica} (and so the pure core)
 * on the group's loop, performs its effects over the {@link Transport} and a {@link
 * FileRaftStorage}, and offers {@link #submit} and {@link #read} to other services.
 *
 * <p>Threading: every public method is thread-safe and non-blocking (except {@link #close});
 * results complete on the group's callback thread (in batches, one hand-off per turn), never on
 * the group's loop: callbacks should be short or move on to an executor of their own, and must
 * never block waiting for another result of the same group (that result needs the same loop).
 *
 * <p>The loop. The group's work runs as <em>turns</em> ({@link Turns}) on a single-threaded
 * executor: inputs (peer messages, requests, "synced", forwarded answers) are posted to an inbox;
 * a turn drains it, runs due timers, proposes the turn's commands as one batch, ticks the core,
 * hands out results, and syncs what was staged. At most one turn is pending, so a burst of inputs
 * wakes the executor once. With {@link RaftNodeOptions#ioThread()} (the default) the executor is
 * the transport's peer loop ({@link Transport#peerExecutor}: the Netty event loop that reads and
 * writes every node-to-node connection, or the in-VM transport's delivery thread): a message from
 * a peer is read, handled and answered on that one thread, and sends are in-thread writes, so a
 * commit costs about four thread wake-ups instead of eight. The group's work then shares that
 * thread with the node's other node-to-node traffic (and other groups): a turn handles at most
 * {@value #MAX_DRAIN} inputs before letting I/O run. Without the option, or when the transport
 * has no peer executor, the same turns run on a thread of the group's own
 * ({@code raft-<group>-<node>}).
 *
 * <p>Other threads per group: the sync thread (fsync only) and the callback thread. A leader's
 * loop never forces the log itself (with {@code raft.fsync=always}): after each turn it captures
 * a sync point — the segments and term/vote written since the previous one, covering the effects
 * staged so far — and hands it to the sync thread unless a sync is already running. While the
 * force runs the loop keeps going: acknowledgements commit (and answer) entries that a majority
 * already holds durably, new proposals are appended and sent to followers; all of that is
 * covered by the next sync (group commit). The sync thread posts "synced" back to the loop, which
 * then sends the messages and applies what waited for that force
 * ({@link RaftReplica#completeSynced}): no acknowledgement or vote leaves before the writes it
 * depends on are durable. A truncation or snapshot waits for the force in flight first
 * ({@link FileRaftStorage}). A follower forces on its loop, as before, unless {@link
 * RaftNodeOptions#followerSyncThread()} (on a follower the two hand-offs cost more than the
 * overlap gains; on the transport's loop this holds up that node's I/O for one fsync — measured
 * in docs/raft.md). Snapshots and segment roll-overs also run on the loop
 * ({@link Counters#snapshotNanosMax()} tells how long one took). With {@code raft.fsync=never}
 * there is no sync thread.
 *
 * <p>Exactly once: {@link #submit} wraps each command in a client session of this node
 * (Raft thesis §6.3) and retries it with the same sequence number — at the leader, which a
 * follower forwards to — until it is applied or {@link RaftNodeOptions#requestTimeoutMillis}
 * passes. A timeout leaves the outcome unknown ({@link Kind#TIMEOUT}); the command may still
 * apply, once.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RaftNode.class);
  private static final int MAX_DRAIN = 4096;
  private static final long MAX_IDLE_MILLIS = 1000;

  private final String group;
  private final String self;
  private final Transport transport;
  private final RaftNodeOptions options;
  private final FileRaftStorage storage;
  private final RaftReplica replica;
  private final SessionStateMachine sessions;
  private final Map<String, NodeId> ids = new ConcurrentHashMap<>();
  private final Turns turns;
  private final boolean ownLoop;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final ExecutorService callbacks;
  private final @Nullable ExecutorService syncer;
  private final Runnable beforeForce;
  private final long startNanos = System.nanoTime();
  private volatile boolean running = true;
  private volatile RaftStatus status;
  private volatile long appliedIndex;
  private final long[] counters = new long[Counters.SIZE];

  // Raft-thread state.
  private final List<byte[]> batch = new ArrayList<>();
  private final List<Runnable> completions = new ArrayList<>();
  private final List<BiConsumer<byte[], Throwable>> batchCallbacks = new ArrayList<>();
  private final List<byte[]> readBatch = new ArrayList<>();
  private final java.util.Set<CompletableFuture<byte[]>> pendingResults = new java.util.HashSet<>();
  private final List<BiConsumer<byte[], Throwable>> readCallbacks = new ArrayList<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final List<Command> waitingForSession = new ArrayList<>();
  private final TreeSet<Long> outstanding = new TreeSet<>();
  private long session;
  private boolean registering;
  private long nextSeq;
  private long timerSeq;
  private FileRaftStorage.@Nullable SyncPoint syncing;
  private int syncingCount;
  private boolean stopped;

  private record Timer(long at, long seq, Runnable task) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  private static final class Command {
    final byte[] payload;
    final CompletableFuture<byte[]> result;
    final long deadline;
    long seq;
    int attempts;

    Command(byte[] payload, CompletableFuture<byte[]> result, long deadline) {
      this.payload = payload;
      this.result = result;
      this.deadline = deadline;
    }
  }

  /**
   * Opens the group's storage under {@code dir} and starts the group's loop (see the class comment).
   *
   * @param group the group's name (the same on every member; 1–64 characters)
   * @param self this node's id
   * @param members the founding members (used only when the storage is empty)
   * @param machine the replicated state machine; it is wrapped in a {@link SessionStateMachine}
   * @param dir the group's data folder
   * @param transport the node's transport (messages are {@link RaftWire} envelopes)
   * @param options settings
   */
  public RaftNode(String group, NodeId self, Membership members, StateMachine machine, Path dir,
      Transport transport, RaftNodeOptions options) {
    this(group, self, members, machine, dir, transport, options, () -> {});
  }

  /**
   * As the public constructor; {@code beforeForce} runs before each force, on the thread that
   * forces (tests hold it to keep a sync in flight).
   */
  RaftNode(String group, NodeId self, Membership members, StateMachine machine, Path dir,
      Transport transport, RaftNodeOptions options, Runnable beforeForce) {
    if (group.isEmpty() || group.length() > 64) {
      throw new IllegalArgumentException("raft group name must have 1-64 characters: '" + group + "'");
    }
    this.group = group;
    this.self = self.value();
    this.transport = transport;
    this.options = options;
    this.storage = new FileRaftStorage(dir, options.fsync(), options.segmentBytes());
    this.sessions = new SessionStateMachine(machine, options.sessionTimeoutMillis());
    this.replica = new RaftReplica(this.self, options.raft(), new Random(new SecureRandom().nextLong()), storage,
        sessions, members, this::sendOut, new RaftReplica.Listener() {}, options.snapshotEveryEntries(), now());
    this.status = replica.status();
    this.appliedIndex = replica.appliedIndex();
    this.beforeForce = beforeForce;
    String syncName = "raft-" + group + "-" + self.value() + "-sync";
    this.syncer = options.fsync() == FsyncPolicy.NEVER ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, syncName);
      t.setDaemon(true);
      return t;
    });
    String callbackName = "raft-" + group + "-" + self.value() + "-callbacks";
    this.callbacks = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, callbackName);
      t.setDaemon(true);
      return t;
    });
    ScheduledExecutorService shared = options.ioThread() ? transport.peerExecutor().orElse(null) : null;
    this.ownLoop = shared == null;
    this.turns = new Turns(shared != null ? shared : ownLoop("raft-" + group + "-" + self.value()), this::turn,
        this::onTurnRejected);
    turns.request(); // the first turn arms the timers (elections, heartbeats)
  }

  private static ScheduledExecutorService ownLoop(String name) {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true); // timers re-armed every turn leave no garbage behind
    return e;
  }

  // ---------------------------------------------------------------- public API

  /**
   * Submits a command: the future completes with the state machine's result once the command
   * is committed and applied (exactly once), or fails with a {@link RaftException}
   * ({@link Kind#TIMEOUT}: outcome unknown; {@link Kind#STOPPED}; {@link Kind#REJECTED} for a
   * malformed command). Thread-safe, non-blocking.
   */
  public CompletableFuture<byte[]> submit(byte[] command) {
    return publicView(submitInternal(command));
  }

  /**
   * Like {@link #submit}, but the future completes on the group's loop itself, without the
   * hand-off to the callback thread: one thread wake-up less per batch of results. Only for
   * callers whose continuations are short and never block — they run inside the group's turn and
   * delay every other command of the group, and with {@code raft.ioThread} the node's
   * node-to-node I/O too (the lock service's engine, which only decodes the result and wakes the
   * waiting caller). A continuation may call {@link #close} (it returns at once there). Failures
   * on stop may complete it on another thread.
   */
  public CompletableFuture<byte[]> submitDirect(byte[] command) {
    return submitInternal(command).copy();
  }

  private CompletableFuture<byte[]> submitInternal(byte[] command) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    byte[] copy = command.clone();
    enqueue(result, () -> {
      track(result);
      Command c = new Command(copy, result, now() + options.requestTimeoutMillis());
      c.seq = ++nextSeq;
      outstanding.add(c.seq);
      attempt(c);
    });
    return result;
  }

  /**
   * A linearizable read: answers {@code machine.query(query)} at a point after every command
   * acknowledged before this call (ReadIndex at the leader; a follower forwards). Thread-safe,
   * non-blocking; fails with {@link Kind#TIMEOUT} when no leader answers in time.
   */
  public CompletableFuture<byte[]> read(byte[] query) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    byte[] copy = query.clone();
    long deadline = now() + options.requestTimeoutMillis();
    enqueue(result, () -> {
      track(result);
      readAttempt(copy, result, deadline, 0);
    });
    return publicView(result);
  }

  /**
   * Adds a voting member the safe way (thesis §4.2.1): first as a learner, which receives the
   * log without voting, then — once its log has reached the leader's commit index — promoted
   * to voter, so a slow new server never stalls commitment. Must run on the leader; one change
   * at a time; fails with {@link Kind#TIMEOUT} if the server does not catch up in time (it then
   * stays a learner).
   */
  public CompletableFuture<Void> addMember(NodeId member) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long deadline = now() + options.requestTimeoutMillis();
    enqueue(result, () -> {
      if (replica.core().membership().isLearner(member.value())) {
        promoteWhenCaughtUp(member.value(), result, deadline);
        return;
      }
      replica.changeMembership(member.value(), MembershipChange.ADD_LEARNER, now()).whenComplete((r, ex) -> {
        if (ex != null) {
          result.completeExceptionally(ex);
        } else {
          promoteWhenCaughtUp(member.value(), result, deadline);
        }
      });
    });
    return publicView(result).thenApply(r -> null);
  }

  private void promoteWhenCaughtUp(String member, CompletableFuture<byte[]> result, long deadline) {
    RaftStatus s = replica.status();
    if (s.role() != Role.LEADER) {
      result.completeExceptionally(new RaftException(Kind.NOT_LEADER, "leadership lost while adding " + member, s.leader()));
      return;
    }
    Long match = s.matchIndex().get(member);
    if (match != null && match >= s.commitIndex()) {
      replica.changeMembership(member, MembershipChange.ADD_VOTER, now()).whenComplete(forward(result));
    } else if (now() > deadline) {
      result.completeExceptionally(new RaftException(Kind.TIMEOUT, member + " did not catch up in time; it stays a learner",
          s.leader()));
    } else {
      later(20, () -> promoteWhenCaughtUp(member, result, deadline));
    }
  }

  /** Adds a non-voting learner (must run on the leader). */
  public CompletableFuture<Void> addLearner(NodeId member) {
    return changeMembership(member, MembershipChange.ADD_LEARNER);
  }

  /** Removes a voting member or learner (must run on the leader; one change at a time). */
  public CompletableFuture<Void> removeMember(NodeId member) {
    return changeMembership(member, MembershipChange.REMOVE);
  }

  private CompletableFuture<Void> changeMembership(NodeId member, MembershipChange change) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    enqueue(result, () -> replica.changeMembership(member.value(), change, now()).whenComplete(forward(result)));
    return publicView(result).thenApply(r -> null);
  }

  /** Asks the leader (this node) to hand leadership to {@code target}. */
  public CompletableFuture<Void> transferLeadership(NodeId target) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    enqueue(result, () -> {
      String refused = replica.transferLeadership(target.value(), now());
      if (refused != null) {
        result.completeExceptionally(new RaftException(Kind.REJECTED, refused, replica.core().leader()));
      } else {
        result.complete(new byte[0]);
      }
    });
    return publicView(result).thenApply(r -> null);
  }

  /** False once the group stopped (closed, or halted by an error it could not survive). */
  public boolean isRunning() {
    return running;
  }

  /** The group's name. */
  public String group() {
    return group;
  }

  /** Whether this node led the group at its last step. */
  public boolean isLeader() {
    return status.role() == Role.LEADER;
  }

  /** The leader this node believes in. */
  public Optional<String> leaderId() {
    return Optional.ofNullable(status.leader());
  }

  /** The core's status as of the last step. */
  public RaftStatus status() {
    return status;
  }

  /** Index applied to the state machine. */
  public long appliedIndex() {
    return appliedIndex;
  }

  /** Bytes of log on disk. */
  public long logSizeBytes() {
    return storage.logSizeBytes();
  }

  /** Log fsyncs so far. */
  public long fsyncCount() {
    return storage.fsyncCount();
  }

  /** Whether the caller runs on the group's loop (tests). */
  boolean onLoopThread() {
    return turns.onExecutorThread();
  }

  /** The thread that ran the group's last turn, or null before the first (tests). */
  @Nullable Thread loopThread() {
    return turns.executorThread();
  }

  /** Turns handed to the group's loop so far (tests: each costs at most one wake-up). */
  long turnsScheduled() {
    return turns.executes();
  }

  /** Diagnostic counters since start (read without synchronization: approximate while running). */
  public Counters counters() {
    long[] c = counters;
    long[] snaps = storage.snapshotTimes();
    return new Counters(c[0], c[1], c[2], c[3], c[4], storage.fsyncCount(), storage.syncNanos(), c[5],
        storage.syncWaits(), snaps[0], snaps[1], snaps[2]);
  }

  /**
   * Diagnostic counters of one group on this node, for benchmarks and tuning: how well the
   * driver batches. Entries per fsync = {@code appended / fsyncs}; entries per AppendEntries =
   * {@code entriesSent / appendsSent}.
   *
   * @param loops turns of the group's loop
   * @param proposalBatches batches of commands proposed (one per loop at most)
   * @param proposed commands proposed here as leader
   * @param appendsSent AppendEntries carrying entries sent to followers
   * @param entriesSent entries carried by those AppendEntries
   * @param fsyncs log fsyncs
   * @param syncNanos time spent forcing the log and term/vote (on the thread that forces: the
   *     sync thread, or the loop of a follower and with {@code raft.fsync=never})
   * @param busyNanos time the group's turns took, the waits for input excluded (its
   *     own forces and waits for a force in flight included, the sync thread's forces excluded)
   * @param syncWaits times the loop had to wait for the force in flight (a truncation or
   *     a snapshot needed it to end first)
   * @param snapshots snapshots taken or installed (each runs on the group's loop)
   * @param snapshotNanos their total duration (waits for forces, file writes and compaction)
   * @param snapshotNanosMax the longest of them: how long one held up the loop
   */
  public record Counters(long loops, long proposalBatches, long proposed, long appendsSent, long entriesSent,
      long fsyncs, long syncNanos, long busyNanos, long syncWaits, long snapshots, long snapshotNanos,
      long snapshotNanosMax) {
    static final int SIZE = 6;
  }

  // ---------------------------------------------------------------- inbound (transport threads)

  /** A core message from a peer (called by the service's router; never blocks). */
  public void onMessage(NodeId from, RaftMessage message) {
    if (running) {
      turns.post(() -> replica.onMessage(from.value(), message, now()));
    }
  }

  /** A command or read forwarded by a follower (never blocks). */
  public void onForward(NodeId from, ForwardRequest request, Reply reply) {
    if (!running) {
      reply.fail("stopped", "raft group " + group + " is stopping");
      return;
    }
    turns.post(() -> {
      if (replica.core().role() != Role.LEADER) {
        String hint = replica.core().leader();
        if (hint != null && !replica.core().membership().contains(from.value()) && !hint.equals(from.value())) {
          // A client (not a member) reached a follower: relay once to the leader.
          transport.request(id(hint), request, Duration.ofMillis(forwardTimeout())).whenComplete((resp, ex) -> {
            if (ex == null) {
              reply.respond(resp);
            } else {
              Throwable t = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
              reply.fail(t instanceof RemoteException re ? re.errorCode() : "not_leader", String.valueOf(t.getMessage()));
            }
          });
          return;
        }
        reply.fail("not_leader", hint == null ? "" : hint);
        return;
      }
      BiConsumer<byte[], Throwable> answer = (r, ex) -> {
        if (ex == null) {
          reply.respond(new ForwardResponse(r));
        } else {
          RaftException re = unwrap(ex);
          reply.fail(re != null && re.kind() == Kind.NOT_LEADER ? "not_leader" : "raft_" + kindOf(ex),
              String.valueOf(re != null && re.leaderHint() != null ? re.leaderHint() : ""));
        }
      };
      if (request.read()) {
        readBatch.add(request.payload());
        readCallbacks.add(answer);
      } else {
        batch.add(request.payload());
        batchCallbacks.add(answer);
      }
    });
  }

  // ---------------------------------------------------------------- the group's loop

  /**
   * One turn of the group (on its loop): the inputs that arrived, due timers, the proposals
   * of the turn as one batch, the core's tick, results of acknowledged entries, the sync of what
   * was staged, then the results that sync released. Returns the delay to the next turn needed
   * without input (see {@link Turns.Body#turn}).
   */
  private long turn() {
    if (stopped) {
      failInbox(new RaftException(Kind.STOPPED, "raft group " + group + " stopped", null));
      return -1;
    }
    if (running) {
      try {
        counters[0]++;
        long busyFrom = System.nanoTime();
        Runnable r;
        for (int i = 0; i < MAX_DRAIN && (r = turns.poll()) != null; i++) {
          r.run();
        }
        runTimers();
        flushBatch();
        long now = now();
        if (now >= replica.nextWakeMillis()) {
          replica.onTick(now);
        }
        // Results of entries committed by the inputs above (acks) need no fsync of ours: hand
        // them out now rather than after the fsync of the new batch.
        flushCompletions();
        sync();
        status = replica.status();
        appliedIndex = replica.appliedIndex();
        flushCompletions();
        counters[5] += System.nanoTime() - busyFrom;
        if (syncing == null && replica.hasUnsynced()) {
          return 0;
        }
        // at least every second (a bound on how stale status() gets; the old loop polled every 100 ms)
        return Math.max(1, Math.min(MAX_IDLE_MILLIS, Math.min(replica.nextWakeMillis(), nextTimer()) - now()));
      } catch (RuntimeException | Error e) {
        log.error("raft group {} stopped after an unexpected error; this node leaves the group", group, e);
        running = false;
      }
    }
    stop();
    return -1;
  }

  /** Ends the group (on its loop, once): fails what waits, closes the storage, ends own threads. */
  private void stop() {
    stopped = true;
    turns.cancelTimer();
    try {
      replica.close();
      stopSyncThread();
      RaftException err = new RaftException(Kind.STOPPED, "raft group " + group + " stopped", null);
      failInbox(err);
      waitingForSession.forEach(c -> c.result.completeExceptionally(err));
      new ArrayList<>(pendingResults).forEach(f -> f.completeExceptionally(err));
      pendingResults.clear();
      for (BiConsumer<byte[], Throwable> cb : batchCallbacks) {
        cb.accept(null, err);
      }
      for (BiConsumer<byte[], Throwable> cb : readCallbacks) {
        cb.accept(null, err);
      }
      storage.close();
      flushCompletions();
    } catch (RuntimeException | Error e) {
      log.error("raft group {}: error while stopping", group, e);
    } finally {
      callbacks.shutdown(); // runs what is queued, then ends its thread
      if (ownLoop) {
        turns.executor().shutdown();
      }
      terminated.complete(null);
    }
  }

  /** Fails every caller's request still in the inbox; other inputs are dropped. */
  private void failInbox(RaftException e) {
    for (Runnable r; (r = turns.poll()) != null; ) {
      if (r instanceof Failing f) {
        f.fail(e);
      }
    }
  }

  /**
   * The loop refused a turn (it is shut down): after the stop, fail late requests here; if the
   * group never stopped (its transport's loop was closed under it), stop it here once that loop
   * has ended, so no turn can run at the same time.
   */
  private void onTurnRejected() {
    ScheduledExecutorService e = turns.executor();
    try {
      if (!turns.onExecutorThread() && e.awaitTermination(5, TimeUnit.SECONDS)) {
        synchronized (terminated) {
          running = false;
          if (!stopped) {
            log.warn("raft group {}: its loop was shut down before the group was closed", group);
            stop();
          }
          failInbox(new RaftException(Kind.STOPPED, "raft group " + group + " stopped", null));
        }
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Covers everything staged so far with one fsync. With {@code raft.fsync=never}: at once, on
   * this thread (no disk wait). Otherwise: hands a sync point to the sync thread unless one is
   * in flight (then the next point, taken when it ends, covers these effects); a point with
   * nothing to force (the writes were already forced, for instance by a snapshot) completes at
   * once. A follower (unless {@link RaftNodeOptions#followerSyncThread()}) forces on this thread,
   * as before the sync thread existed; a force begun as leader still ends on the sync thread.
   */
  private void sync() {
    ExecutorService s = syncer;
    if (s == null) {
      replica.syncNow(now());
      return;
    }
    for (int i = 0; i < 4 && syncing == null && replica.hasUnsynced(); i++) {
      int count = replica.stagedCount();
      FileRaftStorage.SyncPoint p = storage.beginSync();
      if (p.isEmpty()) {
        p.force(); // returns at once: marks it done
        storage.endSync(p);
        replica.completeSynced(count, now());
        continue;
      }
      if (!options.followerSyncThread() && replica.core().role() != Role.LEADER) {
        beforeForce.run();
        p.force(); // a follower forces here: its acknowledgements need no thread hand-offs
        storage.endSync(p);
        replica.completeSynced(count, now());
        continue;
      }
      syncing = p;
      syncingCount = count;
      s.execute(() -> {
        try {
          beforeForce.run();
        } catch (RuntimeException e) {
          p.abandon(e);
          turns.post(() -> onSynced(p));
          return;
        }
        p.force();
        turns.post(() -> onSynced(p));
      });
    }
  }

  /** The sync thread finished {@code p} (on the loop): complete the effects staged before it began. */
  private void onSynced(FileRaftStorage.SyncPoint p) {
    if (p != syncing) {
      return; // stopping
    }
    syncing = null;
    storage.endSync(p); // throws when the force failed: the group stops
    replica.completeSynced(syncingCount, now());
  }

  /** Lets the force in flight end (so the files can close), then ends the sync thread. */
  private void stopSyncThread() {
    ExecutorService s = syncer;
    if (s == null) {
      return;
    }
    s.shutdown();
    try {
      if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("raft group {}: the log fsync did not finish within 10 s of stopping", group);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    syncing = null;
  }

  /** Remembers a caller's future until it completes, so that a stop can fail it (retries wait in timers). */
  private void track(CompletableFuture<byte[]> result) {
    pendingResults.add(result);
    result.whenComplete((r, ex) -> {
      if (running) {
        pendingResults.remove(result);
      }
    });
  }

  private void flushBatch() {
    if (!readBatch.isEmpty()) {
      List<byte[]> qs = new ArrayList<>(readBatch);
      List<BiConsumer<byte[], Throwable>> cbs = new ArrayList<>(readCallbacks);
      readBatch.clear();
      readCallbacks.clear();
      List<CompletableFuture<byte[]>> fs = replica.read(qs, now()); // one heartbeat round for all
      for (int i = 0; i < fs.size(); i++) {
        fs.get(i).whenComplete(cbs.get(i));
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    List<byte[]> cmds = new ArrayList<>(batch);
    List<BiConsumer<byte[], Throwable>> cbs = new ArrayList<>(batchCallbacks);
    batch.clear();
    batchCallbacks.clear();
    counters[1]++;
    counters[2] += cmds.size();
    List<CompletableFuture<byte[]>> fs = replica.submit(cmds, now());
    for (int i = 0; i < fs.size(); i++) {
      fs.get(i).whenComplete(cbs.get(i));
    }
  }

  private long nextTimer() {
    return timers.isEmpty() ? Long.MAX_VALUE : timers.peek().at();
  }

  private void runTimers() {
    long now = now();
    while (!timers.isEmpty() && timers.peek().at() <= now) {
      timers.poll().task().run();
    }
  }

  private void later(long delayMillis, Runnable task) {
    timers.add(new Timer(now() + delayMillis, timerSeq++, task));
  }

  private void attempt(Command c) {
    if (now() > c.deadline) {
      finish(c, null, new RaftException(Kind.TIMEOUT, "no leader applied the command in time; outcome unknown", leaderHint()));
      return;
    }
    if (session == 0) {
      waitingForSession.add(c);
      register();
      return;
    }
    c.attempts++;
    long acked = outstanding.isEmpty() ? nextSeq : outstanding.first() - 1;
    byte[] env = SessionCommands.command(session, c.seq, acked, System.currentTimeMillis(), c.payload);
    propose(env, (r, ex) -> onCommandResult(c, r, ex));
  }

  private void onCommandResult(Command c, byte @Nullable [] r, @Nullable Throwable ex) {
    if (ex != null) {
      if (retriable(ex)) {
        later(backoff(c.attempts), () -> attempt(c));
      } else {
        finish(c, null, ex);
      }
      return;
    }
    switch (SessionCommands.status(r)) {
      case SessionCommands.OK -> finish(c, SessionCommands.body(r), null);
      case SessionCommands.SESSION_EXPIRED -> {
        session = 0; // not applied: register again and retry
        attempt(c);
      }
      case SessionCommands.STALE_SEQUENCE -> finish(c, null,
          new RaftException(Kind.INDETERMINATE, "result of the command was discarded; outcome unknown", null));
      default -> finish(c, null, new RaftException(Kind.REJECTED, "malformed command envelope", null));
    }
  }

  private void finish(Command c, byte @Nullable [] body, @Nullable Throwable ex) {
    outstanding.remove(c.seq);
    if (ex != null) {
      c.result.completeExceptionally(ex);
    } else {
      c.result.complete(body);
    }
  }

  private void register() {
    if (registering) {
      return;
    }
    registering = true;
    propose(SessionCommands.register(System.currentTimeMillis()), (r, ex) -> {
      registering = false;
      if (ex == null && SessionCommands.status(r) == SessionCommands.OK) {
        session = SessionCommands.sessionId(r);
        List<Command> ready = new ArrayList<>(waitingForSession);
        waitingForSession.clear();
        ready.forEach(this::attempt);
      } else {
        later(backoff(1), () -> {
          List<Command> ready = new ArrayList<>(waitingForSession);
          waitingForSession.clear();
          ready.forEach(this::attempt);
        });
      }
    });
  }

  /** Proposes here when leading, else forwards to the leader; the callback runs on the loop. */
  private void propose(byte[] envelope, BiConsumer<byte[], Throwable> callback) {
    if (replica.core().role() == Role.LEADER) {
      batch.add(envelope);
      batchCallbacks.add(callback);
      return;
    }
    String leader = replica.core().leader();
    if (leader == null) {
      callback.accept(null, new RaftException(Kind.NOT_LEADER, "no leader known", null));
      return;
    }
    transport.request(id(leader), new ForwardRequest(group, false, envelope), Duration.ofMillis(forwardTimeout()))
        .whenComplete((resp, ex) -> turns.post(() -> callback.accept(
            ex == null ? ((ForwardResponse) resp).payload() : null, ex == null ? null : forwardError(ex))));
  }

  private void readAttempt(byte[] query, CompletableFuture<byte[]> result, long deadline, int attempts) {
    if (now() > deadline) {
      result.completeExceptionally(new RaftException(Kind.TIMEOUT, "no leader answered the read in time", leaderHint()));
      return;
    }
    BiConsumer<byte[], Throwable> done = (r, ex) -> {
      if (ex == null) {
        result.complete(r);
      } else if (retriable(ex)) {
        later(backoff(attempts + 1), () -> readAttempt(query, result, deadline, attempts + 1));
      } else {
        result.completeExceptionally(ex);
      }
    };
    if (replica.core().role() == Role.LEADER) {
      readBatch.add(query);
      readCallbacks.add(done);
      return;
    }
    String leader = replica.core().leader();
    if (leader == null) {
      done.accept(null, new RaftException(Kind.NOT_LEADER, "no leader known", null));
      return;
    }
    transport.request(id(leader), new ForwardRequest(group, true, query), Duration.ofMillis(forwardTimeout()))
        .whenComplete((resp, ex) -> turns.post(() -> done.accept(
            ex == null ? ((ForwardResponse) resp).payload() : null, ex == null ? null : forwardError(ex))));
  }

  private long forwardTimeout() {
    return Math.max(100, 2 * options.raft().electionTimeoutMillis());
  }

  private static long backoff(int attempts) {
    return Math.min(200, 5L << Math.min(attempts, 6));
  }

  private static boolean retriable(Throwable ex) {
    RaftException re = unwrap(ex);
    if (re != null) {
      return re.kind() == Kind.NOT_LEADER || re.kind() == Kind.DROPPED || re.kind() == Kind.INDETERMINATE
          || re.kind() == Kind.TIMEOUT;
    }
    return true; // transport timeouts and remote errors: retry with the same sequence number
  }

  private static String kindOf(Throwable ex) {
    RaftException re = unwrap(ex);
    return re == null ? "error" : re.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static @Nullable RaftException unwrap(Throwable ex) {
    Throwable t = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
    return t instanceof RaftException re ? re : null;
  }

  private Throwable forwardError(Throwable ex) {
    Throwable t = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
    if (t instanceof RemoteException re && "not_leader".equals(re.errorCode())) {
      return new RaftException(Kind.NOT_LEADER, "forwarded to a node that is not the leader", null);
    }
    return t;
  }

  private @Nullable String leaderHint() {
    return replica.core().leader();
  }

  // ---------------------------------------------------------------- plumbing

  private void sendOut(String to, RaftMessage message) {
    if (message instanceof RaftMessage.AppendRequest a && !a.entries().isEmpty()) {
      counters[3]++;
      counters[4] += a.entries().size();
    }
    transport.send(id(to), new Envelope(group, message));
  }

  private NodeId id(String s) {
    return ids.computeIfAbsent(s, NodeId::of);
  }

  private long now() {
    return (System.nanoTime() - startNanos) / 1_000_000L + 1;
  }

  private interface Failing extends Runnable {
    void fail(RaftException e);
  }

  private void enqueue(CompletableFuture<byte[]> result, Runnable task) {
    if (!running) {
      result.completeExceptionally(new RaftException(Kind.STOPPED, "raft group " + group + " is stopped", null));
      return;
    }
    turns.post(new Failing() {
      @Override
      public void run() {
        task.run();
      }

      @Override
      public void fail(RaftException e) {
        result.completeExceptionally(e);
      }
    });
  }

  private static BiConsumer<byte[], Throwable> forward(CompletableFuture<byte[]> to) {
    return (r, ex) -> {
      if (ex != null) {
        to.completeExceptionally(ex);
      } else {
        to.complete(r);
      }
    };
  }

  /**
   * The caller's future: callers' callbacks must never run on the group's loop. A result a
   * turn produces is queued and handed to the callback thread once per turn
   * with every other result of that iteration (one thread hop per batch, not per command: on a
   * 2-core machine {@code whenCompleteAsync} would even start a new thread per command, as the
   * common pool has no parallelism there).
   */
  private <T> CompletableFuture<T> publicView(CompletableFuture<T> internal) {
    CompletableFuture<T> view = new CompletableFuture<>();
    internal.whenComplete((r, ex) -> {
      if (turns.inTurn()) {
        completions.add(() -> relay(view, r, ex));
      } else {
        relay(view, r, ex);
      }
    });
    return view;
  }

  private static <T> void relay(CompletableFuture<T> to, @Nullable T r, @Nullable Throwable ex) {
    if (ex != null) {
      // as a dependent future would (callers may unwrap CompletionException, as before)
      to.completeExceptionally(ex instanceof CompletionException ? ex : new CompletionException(ex));
    } else {
      to.complete(r);
    }
  }

  /** Hands the results of this turn to the callback thread (on the loop). */
  private void flushCompletions() {
    if (completions.isEmpty()) {
      return;
    }
    Runnable[] batch = completions.toArray(new Runnable[0]);
    completions.clear();
    callbacks.execute(() -> {
      for (Runnable r : batch) {
        r.run();
      }
    });
  }

  /**
   * Stops the group: fails pending requests with {@link Kind#STOPPED}, lets a force in flight
   * end, closes the storage. Blocks until that is done (at most about 10 s), except when called on
   * the group's own loop — inside a callback of {@link #submitDirect}, or on the transport's
   * event loop that runs the group with {@code raft.ioThread} — where it cannot wait for the turn
   * that stops the group: it then only starts the stop, which follows the current task. Idempotent.
   */
  @Override
  public void close() {
    running = false;
    turns.request(); // no interrupt: it would close the log's channels mid-write
    if (turns.onExecutorThread()) {
      return;
    }
    try {
      terminated.get(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      log.warn("raft group {} did not stop within 15 s", group);
    }
  }
}
