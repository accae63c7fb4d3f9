package io.dsync.raft;

import io.dsync.raft.core.Effects;
import io.dsync.raft.core.EntryType;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.MembershipChange;
import io.dsync.raft.core.Outbound;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.RaftConfig;
import io.dsync.raft.core.RaftCore;
import io.dsync.raft.core.RaftMessage;
import io.dsync.raft.core.RaftStatus;
import io.dsync.raft.core.ReadState;
import io.dsync.raft.core.SnapshotImage;
import io.dsync.raft.log.RaftStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One Raft server's single-threaded shell: feeds a {@link RaftCore}, writes its effects to a
 * {@link RaftStorage}, holds messages until the writes they depend on are synced, sends them
 * through an {@link Outbox}, applies committed entries to the {@link StateMachine}, answers
 * proposals and reads, and takes snapshots. Shared by the threaded {@link RaftNode} and by the
 * seeded simulation, so both exercise the same code.
 *
 * <p>Not thread-safe: call it from one thread. Nothing here blocks except the storage:
 * {@link RaftStorage#sync()} inside {@link #syncNow(long)}, and a snapshot or truncation, which
 * may wait for a sync in flight. Futures complete on the calling thread.
 *
 * <p>Group commit: every input's writes go to storage at once (buffered); a sync covers all of
 * them; {@link #completeSynced(int, long)} then sends and applies the staged effects in order.
 * The sync may run on another thread while inputs keep arriving: take {@link #stagedCount()}
 * when the sync begins and pass it to {@link #completeSynced} when it ends.
 *
 * <p>Committed entries are applied as soon as they follow the applied index, even when they
 * arrive in a record staged behind unsynced writes: an entry is committed only once a majority
 * stored it durably (a leader counts itself only after {@link RaftCore#onPersisted}), so applying
 * it needs no write of this server. Messages keep their order behind the writes.
 */
public final class RaftReplica {

  /** Sends a message; must not block or throw (loss is allowed). */
  public interface Outbox {
    /** Sends {@code message} to member {@code to}. */
    void send(String to, RaftMessage message);
  }

  /** Observes applied entries (metrics, simulation invariants). Called on the replica's thread. */
  public interface Listener {
    /** An entry was applied to the state machine. */
    default void onApplied(LogEntry entry) {}

    /** A snapshot from the leader replaced the state machine. */
    default void onSnapshotInstalled(SnapshotImage snapshot) {}

    /** A proposal submitted here was acknowledged as committed at (index, term). */
    default void onAcknowledged(long index, long term) {}
  }

  private record Pending(long term, CompletableFuture<byte[]> future) {}

  private record Read(byte[] query, CompletableFuture<byte[]> future) {}

  private final RaftCore core;
  private final RaftStorage storage;
  private final StateMachine sm;
  private final Outbox outbox;
  private final Listener listener;
  private final long snapshotEveryEntries;
  private final ArrayDeque<Effects> staged = new ArrayDeque<>();
  private final TreeMap<Long, Pending> proposals = new TreeMap<>();
  private final Map<Long, Read> reads = new HashMap<>();
  private final TreeMap<Long, List<Long>> readyReads = new TreeMap<>();
  private long nextReadId;
  private long appliedIndex;
  private long lastSnapshotIndex;
  private long nextWake;
  private boolean closed;

  /**
   * Loads the storage, restores the state machine from its snapshot and starts the core.
   *
   * @param id this server's member id
   * @param cfg Raft timings and limits
   * @param random election jitter
   * @param storage where the log lives
   * @param sm the state machine (for example a {@link SessionStateMachine})
   * @param bootstrap initial configuration for a founding member, {@link Membership#EMPTY} for
   *     a server that will be added later
   * @param outbox how messages leave
   * @param listener observer of applied entries
   * @param snapshotEveryEntries take a snapshot after this many applied entries
   * @param nowMillis current time
   */
  public RaftReplica(String id, RaftConfig cfg, Random random, RaftStorage storage, StateMachine sm,
      Membership bootstrap, Outbox outbox, Listener listener, long snapshotEveryEntries, long nowMillis) {
    if (snapshotEveryEntries < 1) {
      throw new IllegalArgumentException("snapshotEveryEntries must be >= 1");
    }
    this.storage = storage;
    this.sm = sm;
    this.outbox = outbox;
    this.listener = listener;
    this.snapshotEveryEntries = snapshotEveryEntries;
    PersistedState state = storage.load();
    if (state.snapshot() != null) {
      sm.restore(state.snapshot().data());
      appliedIndex = state.snapshot().index();
      lastSnapshotIndex = appliedIndex;
    }
    this.core = new RaftCore(id, cfg, random, state, bootstrap, nowMillis);
    this.nextWake = nowMillis;
  }

  // ---------------------------------------------------------------- inputs

  /** A message arrived from {@code from}. */
  public void onMessage(String from, RaftMessage message, long nowMillis) {
    stage(core.onMessage(from, message, nowMillis), nowMillis);
  }

  /** Timers. Call at or after {@link #nextWakeMillis()}. */
  public void onTick(long nowMillis) {
    stage(core.onTick(nowMillis), nowMillis);
  }

  /** Submits one command; the future completes with the state machine's result once applied. */
  public CompletableFuture<byte[]> submit(byte[] command, long nowMillis) {
    return submit(List.of(command), nowMillis).get(0);
  }

  /**
   * Submits commands as one batch (one append, one fsync). Each future completes with its
   * result once applied here, or fails with a {@link RaftException}.
   */
  public List<CompletableFuture<byte[]>> submit(List<byte[]> commands, long nowMillis) {
    List<CompletableFuture<byte[]>> futures = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      futures.add(new CompletableFuture<>());
    }
    if (closed) {
      futures.forEach(f -> f.completeExceptionally(stopped()));
      return futures;
    }
    Effects e = core.propose(commands, nowMillis);
    if (e.proposed().isEmpty() && !commands.isEmpty()) {
      RaftException ex = new RaftException(RaftException.Kind.NOT_LEADER,
          String.valueOf(e.rejection()), e.leaderHint());
      futures.forEach(f -> f.completeExceptionally(ex));
    } else {
      for (int i = 0; i < e.proposed().size(); i++) {
        proposals.put(e.proposed().get(i), new Pending(core.term(), futures.get(i)));
      }
    }
    stage(e, nowMillis);
    return futures;
  }

  /** Linearizable read (ReadIndex): answers {@code sm.query(query)} once safe. */
  public CompletableFuture<byte[]> read(byte[] query, long nowMillis) {
    return read(List.of(query), nowMillis).get(0);
  }

  /** Linearizable reads confirmed by one heartbeat round together. */
  public List<CompletableFuture<byte[]>> read(List<byte[]> queries, long nowMillis) {
    List<CompletableFuture<byte[]>> fs = new ArrayList<>(queries.size());
    List<Long> ids = new ArrayList<>(queries.size());
    for (byte[] q : queries) {
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      fs.add(f);
      if (closed) {
        f.completeExceptionally(stopped());
        continue;
      }
      long rid = ++nextReadId;
      reads.put(rid, new Read(q, f));
      ids.add(rid);
    }
    if (!ids.isEmpty()) {
      stage(core.readIndex(ids, nowMillis), nowMillis);
    }
    return fs;
  }

  /**
   * Adds or removes one member. The future completes (with an empty array) once the
   * configuration entry is applied here, or fails ({@link RaftException.Kind#REJECTED} when
   * refused, for instance while another change is pending).
   */
  public CompletableFuture<byte[]> changeMembership(String member, boolean add, long nowMillis) {
    return changeMembership(member, add ? MembershipChange.ADD_VOTER : MembershipChange.REMOVE, nowMillis);
  }

  /** One configuration change (voter, learner, removal); completes once applied here. */
  public CompletableFuture<byte[]> changeMembership(String member, MembershipChange change, long nowMillis) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    Effects e = core.changeMembership(member, change, nowMillis);
    if (e.proposed().isEmpty()) {
      f.completeExceptionally(new RaftException(
          core.role() == io.dsync.raft.core.Role.LEADER ? RaftException.Kind.REJECTED : RaftException.Kind.NOT_LEADER,
          String.valueOf(e.rejection()), e.leaderHint()));
    } else {
      proposals.put(e.proposed().get(0), new Pending(core.term(), f));
    }
    stage(e, nowMillis);
    return f;
  }

  /**
   * Starts a leader transfer to {@code target}.
   *
   * @return null when started, else why it was refused
   */
  public @Nullable String transferLeadership(String target, long nowMillis) {
    Effects e = core.transferLeadership(target, nowMillis);
    stage(e, nowMillis);
    return e.rejection();
  }

  // ---------------------------------------------------------------- durability

  /** Whether effects wait for a sync. */
  public boolean hasUnsynced() {
    return !staged.isEmpty();
  }

  /** Number of staged effects; pass to {@link #completeSynced} after a sync that covers them. */
  public int stagedCount() {
    return staged.size();
  }

  /** Syncs the storage (one fsync) and completes everything staged. Blocks on the fsync. */
  public void syncNow(long nowMillis) {
    if (staged.isEmpty()) {
      return;
    }
    int n = staged.size();
    storage.sync();
    completeSynced(n, nowMillis);
  }

  /**
   * The first {@code count} staged effects are durable (a sync that began after they were
   * staged has finished): send their messages, apply their commits, tell the core.
   */
  public void completeSynced(int count, long nowMillis) {
    Effects lastDurable = null;
    for (int i = 0; i < count && !staged.isEmpty(); i++) {
      Effects e = staged.pollFirst();
      if (e.needsPersist()) {
        lastDurable = e;
      }
      complete(e, true);
    }
    while (!staged.isEmpty() && !staged.peekFirst().needsPersist()) {
      complete(staged.pollFirst(), true);
    }
    if (lastDurable != null && !closed) {
      stage(core.onPersisted(lastDurable.lastIndex(), lastDurable.lastTerm(), nowMillis), nowMillis);
    }
  }

  private void stage(Effects e, long nowMillis) {
    nextWake = e.nextWakeMillis();
    if (closed) {
      return;
    }
    if (e.needsPersist()) {
      RaftStorage.write(storage, e);
    }
    if (staged.isEmpty() && !e.needsPersist()) {
      complete(e, false);
    } else {
      for (Outbound o : e.messages()) {
        if (o.early()) {
          outbox.send(o.to(), o.message()); // a leader's replication overlaps its own fsync
        }
      }
      staged.addLast(e);
      applyCommittedEarly(e);
    }
  }

  /**
   * Applies the committed entries of a staged record that directly follow the applied index
   * (acknowledgements commit entries while this server's own sync runs). Entries after a gap —
   * an earlier staged record holds the ones before them, or a snapshot waits to be restored —
   * are applied when their record completes.
   */
  private void applyCommittedEarly(Effects e) {
    if (e.committed().isEmpty() || e.snapshot() != null) {
      return;
    }
    boolean any = false;
    for (LogEntry en : e.committed()) {
      if (en.index() > appliedIndex + 1) {
        break;
      }
      any |= en.index() == appliedIndex + 1;
      apply(en);
    }
    if (any) {
      serveReads();
      maybeSnapshot();
    }
  }

  /** Sends (the early messages of a staged record went out when it was staged), installs, applies. */
  private void complete(Effects e, boolean wasStaged) {
    for (Outbound o : e.messages()) {
      if (!(o.early() && wasStaged)) {
        outbox.send(o.to(), o.message());
      }
    }
    SnapshotImage snap = e.snapshot();
    if (snap != null && snap.index() > appliedIndex) {
      sm.restore(snap.data());
      appliedIndex = snap.index();
      lastSnapshotIndex = snap.index();
      while (!proposals.isEmpty() && proposals.firstKey() <= snap.index()) {
        proposals.pollFirstEntry().getValue().future().completeExceptionally(new RaftException(
            RaftException.Kind.INDETERMINATE, "replaced by a snapshot; outcome unknown", core.leader()));
      }
      listener.onSnapshotInstalled(snap);
    }
    for (LogEntry en : e.committed()) {
      apply(en);
    }
    for (ReadState r : e.readsReady()) {
      readyReads.computeIfAbsent(r.readIndex(), k -> new ArrayList<>()).add(r.requestId());
    }
    for (long rid : e.readsFailed()) {
      Read r = reads.remove(rid);
      if (r != null) {
        r.future().completeExceptionally(new RaftException(RaftException.Kind.NOT_LEADER,
            "not the leader (or leadership lost)", e.leaderHint()));
      }
    }
    serveReads();
    maybeSnapshot();
  }

  private void apply(LogEntry en) {
    if (en.index() <= appliedIndex) {
      return;
    }
    if (en.index() != appliedIndex + 1) {
      throw new IllegalStateException("apply gap: " + en.index() + " after " + appliedIndex);
    }
    appliedIndex = en.index();
    byte[] result = en.type() == EntryType.COMMAND ? sm.apply(en.index(), en.data()) : new byte[0];
    listener.onApplied(en);
    Pending p = proposals.remove(en.index());
    if (p != null) {
      if (p.term() == en.term()) {
        listener.onAcknowledged(en.index(), en.term());
        p.future().complete(result);
      } else {
        p.future().completeExceptionally(new RaftException(RaftException.Kind.DROPPED,
            "entry " + en.index() + " was replaced by a newer leader; not applied", core.leader()));
      }
    }
  }

  private void serveReads() {
    while (!readyReads.isEmpty() && readyReads.firstKey() <= appliedIndex) {
      for (long rid : readyReads.pollFirstEntry().getValue()) {
        Read r = reads.remove(rid);
        if (r != null) {
          r.future().complete(sm.query(r.query()));
        }
      }
    }
  }

  private void maybeSnapshot() {
    if (appliedIndex - lastSnapshotIndex < snapshotEveryEntries || appliedIndex <= core.snapshotIndex()) {
      return;
    }
    SnapshotImage img = new SnapshotImage(appliedIndex, core.termAt(appliedIndex),
        core.membershipAt(appliedIndex), sm.snapshot());
    storage.installSnapshot(img);
    core.compact(img);
    lastSnapshotIndex = appliedIndex;
  }

  // ---------------------------------------------------------------- queries

  /** When the core wants the next {@link #onTick}. */
  public long nextWakeMillis() {
    return nextWake;
  }

  /** The index applied to the state machine. */
  public long appliedIndex() {
    return appliedIndex;
  }

  /** The core (read-only use: status and diagnostics). */
  public RaftCore core() {
    return core;
  }

  /** Monitoring view. */
  public RaftStatus status() {
    return core.status();
  }

  /** Fails every pending request; later calls fail at once. Does not close the storage. */
  public void close() {
    closed = true;
    RaftException ex = stopped();
    proposals.values().forEach(p -> p.future().completeExceptionally(ex));
    proposals.clear();
    reads.values().forEach(r -> r.future().completeExceptionally(ex));
    reads.clear();
    readyReads.clear();
    staged.clear();
  }

  private static RaftException stopped() {
    return new RaftException(RaftException.Kind.STOPPED, "raft server stopped", null);
  }
}
