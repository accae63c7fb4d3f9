package io.dsync.lock.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lock state machine. Feed it commands with the time stamped on their log entry; it returns
 * the result for the submitter and the events (grants, cancellations) a driver must deliver.
 *
 * <p>Not thread-safe: one driver thread applies commands in log order. Deterministic: the same
 * commands with the same times, from the same snapshot, give the same results on every replica.
 * See the package documentation for the invariants.
 */
public final class LockTable {
  /** Longest accepted resource name, in characters. */
  public static final int MAX_RESOURCE_LENGTH = 1024;
  /** Shortest accepted session lease. */
  public static final long MIN_LEASE_MILLIS = 1;
  /** Longest accepted session lease (one day). */
  public static final long MAX_LEASE_MILLIS = 86_400_000L;
  /**
   * Results kept per session for retries, unless configured otherwise. A retry of an applied
   * command whose result was dropped gets {@code STALE_INVOCATION}, so this must exceed what a
   * busy session applies while one of its answers is lost and re-sent: 256 did not (a contract
   * test with four threads on one session and a lossy log saw a release refused after its
   * answer was lost, 2026-11-24).
   */
  public static final int DEFAULT_RESULTS_PER_SESSION = 4096;
  /**
   * Separate runs of applied sequences kept per session, unless configured otherwise: a REST
   * session's clock-based sequences make one run each and are never acknowledged.
   */
  public static final int DEFAULT_RANGES_PER_SESSION = 1024;

  private record Expiry(long at, long sessionId) implements Comparable<Expiry> {
    @Override
    public int compareTo(Expiry o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(sessionId, o.sessionId);
    }
  }

  final int resultsPerSession;
  final int rangesPerSession;
  long now;
  long lastFence;
  long appliedCount;
  long deadlocksDetected;
  long deadlockVictims;
  final TreeMap<Long, SessionState> sessions = new TreeMap<>();
  private final TreeSet<Expiry> expiries = new TreeSet<>();
  final TreeMap<String, ResourceState> resources = new TreeMap<>();
  // Lookup-only indexes (never iterated, so hash order cannot leak into results).
  final Map<Owner, Waiter> waiting = new HashMap<>();
  final Map<InvocationId, Waiter> waitingByInvocation = new HashMap<>();
  private final WaitForGraph graph = new WaitForGraph(waiting, resources);

  /**
   * A table keeping {@link #DEFAULT_RESULTS_PER_SESSION} results and
   * {@link #DEFAULT_RANGES_PER_SESSION} runs of applied sequences per session.
   */
  public LockTable() {
    this(DEFAULT_RESULTS_PER_SESSION, DEFAULT_RANGES_PER_SESSION);
  }

  /**
   * A table keeping {@code resultsPerSession} results per session for retried invocations and
   * four times as many runs of applied sequences. Every replica must use the same values.
   */
  public LockTable(int resultsPerSession) {
    this(resultsPerSession, SessionState.RANGES_PER_RESULT * resultsPerSession);
  }

  /**
   * A table keeping {@code resultsPerSession} results and {@code rangesPerSession} separate runs
   * of applied sequences per session. Every replica must use the same values.
   */
  public LockTable(int resultsPerSession, int rangesPerSession) {
    if (resultsPerSession < 1) {
      throw new IllegalArgumentException("resultsPerSession must be >= 1, was " + resultsPerSession);
    }
    if (rangesPerSession < 1) {
      throw new IllegalArgumentException("rangesPerSession must be >= 1, was " + rangesPerSession);
    }
    this.resultsPerSession = resultsPerSession;
    this.rangesPerSession = rangesPerSession;
  }

  /**
   * Applies one command. Time never goes backwards inside the table: a {@code nowMillis} smaller
   * than one seen before counts as the earlier one (a new leader's clock may lag). Sessions whose
   * lease ran out by that time end first.
   */
  public Applied apply(LockCommand command, long nowMillis) {
    if (command == null) {
      return new Applied(LockResult.error(Status.BAD_COMMAND, "null command"), List.of());
    }
    now = Math.max(now, nowMillis);
    appliedCount++;
    List<LockEvent> events = new ArrayList<>();
    expireSessions(events);
    LockResult result;
    if (command instanceof LockCommand.Acquire a) {
      result = invoke(a.invocation(), s -> acquire(s, a, events));
    } else if (command instanceof LockCommand.Release r) {
      result = invoke(r.invocation(), s -> release(r, events));
    } else if (command instanceof LockCommand.Cancel c) {
      result = cancel(c.target(), events);
    } else if (command instanceof LockCommand.OpenSession o) {
      result = openSession(o);
    } else if (command instanceof LockCommand.KeepAlive k) {
      result = withSession(k.sessionId(), s -> {
        s.acknowledge(k.ackedThrough());
        return LockResult.ok("lease renewed until " + s.expiresAt);
      });
    } else if (command instanceof LockCommand.CloseSession c) {
      result = withSession(c.sessionId(), s -> {
        endSession(s, false, events);
        return LockResult.ok("session closed");
      });
    } else {
      result = LockResult.ok("tick");
    }
    return new Applied(result, events);
  }

  /**
   * Decodes and applies a command from the log; undecodable bytes give a {@link Status#BAD_COMMAND}
   * result and change nothing.
   */
  public Applied apply(byte[] command, long nowMillis) {
    LockCommand decoded;
    try {
      decoded = LockCodec.decodeCommand(command);
    } catch (IllegalArgumentException e) {
      return new Applied(LockResult.error(Status.BAD_COMMAND, e.getMessage()), List.of());
    }
    return apply(decoded, nowMillis);
  }

  // ---- sessions ----

  private LockResult openSession(LockCommand.OpenSession o) {
    if (o.leaseMillis() < MIN_LEASE_MILLIS || o.leaseMillis() > MAX_LEASE_MILLIS) {
      return LockResult.error(Status.BAD_COMMAND, "lease " + o.leaseMillis() + " ms outside ["
          + MIN_LEASE_MILLIS + ", " + MAX_LEASE_MILLIS + "]");
    }
    SessionState s = sessions.get(o.sessionId());
    if (s == null) {
      s = new SessionState(o.sessionId(), o.leaseMillis(), 0);
      sessions.put(s.id, s);
    } else {
      expiries.remove(new Expiry(s.expiresAt, s.id));
      s.leaseMillis = o.leaseMillis();
    }
    s.expiresAt = now + s.leaseMillis;
    expiries.add(new Expiry(s.expiresAt, s.id));
    return LockResult.ok("session open until " + s.expiresAt);
  }

  private interface SessionOp {
    LockResult run(SessionState s);
  }

  private LockResult withSession(long sessionId, SessionOp op) {
    SessionState s = sessions.get(sessionId);
    if (s == null) {
      return LockResult.error(Status.UNKNOWN_SESSION, "unknown or expired session " + sessionId);
    }
    renew(s);
    return op.run(s);
  }

  private void renew(SessionState s) {
    expiries.remove(new Expiry(s.expiresAt, s.id));
    s.expiresAt = now + s.leaseMillis;
    expiries.add(new Expiry(s.expiresAt, s.id));
  }

  /** Runs a lock command once per invocation id; a retry returns the stored result. */
  private LockResult invoke(InvocationId inv, SessionOp op) {
    if (inv == null || inv.sequence() <= 0) {
      return LockResult.error(Status.BAD_COMMAND, "invocation sequence must be positive: " + inv);
    }
    return withSession(inv.sessionId(), s -> {
      LockResult stored = s.results.get(inv.sequence());
      if (stored != null) {
        return stored;
      }
      LockResult stale = staleness(s, inv.sequence());
      if (stale != null) {
        return stale;
      }
      LockResult r = op.run(s);
      s.store(inv.sequence(), r, resultsPerSession, rangesPerSession);
      return r;
    });
  }

  /**
   * Why a sequence without a stored result must not run now, or null if it never ran: the
   * client acknowledged it (so this is a late duplicate), or it ran and its result was dropped
   * to bound memory (its retry came after more than the per-session capacity of newer results).
   */
  private LockResult staleness(SessionState s, long sequence) {
    if (sequence <= s.ackedThrough) {
      return LockResult.error(Status.STALE_INVOCATION, "invocation " + sequence + " of session "
          + s.id + " is at or below what the session no longer tracks (acknowledged by its client, or"
          + " older than the " + rangesPerSession
          + " separate runs of applied sequences kept); not applied");
    }
    if (s.applied.contains(sequence)) {
      return LockResult.error(Status.STALE_INVOCATION, "invocation " + sequence + " of session "
          + s.id + " was applied, but its result is no longer kept; not applied again");
    }
    return null;
  }

  private void expireSessions(List<LockEvent> events) {
    while (!expiries.isEmpty() && expiries.first().at() <= now) {
      SessionState s = sessions.get(expiries.first().sessionId());
      endSession(s, true, events);
    }
  }

  private void endSession(SessionState s, boolean expired, List<LockEvent> events) {
    expiries.remove(new Expiry(s.expiresAt, s.id));
    sessions.remove(s.id);
    for (String name : new ArrayList<>(s.refs.keySet())) {
      ResourceState r = resources.get(name);
      for (Iterator<Waiter> it = r.queue.values().iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.owner().sessionId() == s.id) {
          it.remove();
          unindex(w);
          events.add(new LockEvent.Cancelled(w.invocation(), w.owner(), name, Status.UNKNOWN_SESSION));
        }
      }
      r.holders.keySet().removeIf(o -> o.sessionId() == s.id);
      grantWaiters(r, events);
      dropIfIdle(r);
    }
    events.add(new LockEvent.SessionEnded(s.id, expired));
  }

  // ---- locks ----

  private LockResult acquire(SessionState s, LockCommand.Acquire a, List<LockEvent> events) {
    String bad = checkResource(a.resource());
    if (bad == null && a.mode() == null) {
      bad = "missing lock mode (expected shared or exclusive)";
    }
    if (bad != null) {
      return LockResult.error(Status.BAD_COMMAND, bad);
    }
    Owner owner = a.owner();
    Waiter already = waiting.get(owner);
    if (already != null) {
      return LockResult.error(Status.ALREADY_WAITING, owner + " already waits for '" + already.resource() + "'");
    }
    ResourceState r = resources.computeIfAbsent(a.resource(), ResourceState::new);
    Hold hold = r.holders.get(owner);
    if (hold != null) {
      if (a.mode() == LockMode.EXCLUSIVE && hold.exclusive == 0) {
        return LockResult.error(Status.UPGRADE_REFUSED, owner + " holds '" + a.resource()
            + "' shared; upgrading to exclusive is not supported (release the shared hold first)");
      }
      hold.add(a.mode(), 1);
      return LockResult.granted(hold.fence);
    }
    if (r.queue.isEmpty() && r.compatibleWithHolders(owner, a.mode())) {
      return LockResult.granted(grant(s, r, owner, a.mode()));
    }
    if (!a.waitIfBusy()) {
      return new LockResult(Status.NOT_GRANTED, 0, 0, List.of(), "'" + a.resource() + "' is held "
          + r.heldMode().name().toLowerCase(java.util.Locale.ROOT) + " with " + r.queue.size() + " waiting");
    }
    List<WaitEdge> cycle = graph.cycleIfWaits(owner, r, a.mode());
    if (!cycle.isEmpty()) {
      deadlocksDetected++;
      deadlockVictims++;
      return LockResult.deadlock(cycle);
    }
    Waiter w = new Waiter(owner, r.name, a.mode(), a.invocation(), appliedCount);
    r.queue.put(owner, w);
    waiting.put(owner, w);
    waitingByInvocation.put(w.invocation(), w);
    s.addRef(r.name);
    return LockResult.waiting(r.queue.size());
  }

  private static String checkResource(String resource) {
    if (resource == null || resource.isBlank()) {
      return "missing resource name";
    }
    if (resource.length() > MAX_RESOURCE_LENGTH) {
      return "resource name longer than " + MAX_RESOURCE_LENGTH + " characters";
    }
    return null;
  }

  private long grant(SessionState s, ResourceState r, Owner owner, LockMode mode) {
    long fence = ++lastFence;
    r.lastFence = fence;
    Hold h = new Hold(fence);
    h.add(mode, 1);
    r.holders.put(owner, h);
    s.addRef(r.name);
    return fence;
  }

  private LockResult release(LockCommand.Release c, List<LockEvent> events) {
    String bad = checkResource(c.resource());
    if (bad == null && c.mode() == null) {
      bad = "missing lock mode (expected shared or exclusive)";
    }
    if (bad != null) {
      return LockResult.error(Status.BAD_COMMAND, bad);
    }
    Owner owner = c.owner();
    ResourceState r = resources.get(c.resource());
    Hold h = r == null ? null : r.holders.get(owner);
    if (h == null || h.count(c.mode()) == 0) {
      return LockResult.error(Status.NOT_HOLDER, owner + " does not hold '" + c.resource() + "' "
          + c.mode().name().toLowerCase(java.util.Locale.ROOT));
    }
    h.add(c.mode(), -1);
    if (h.isEmpty()) {
      r.holders.remove(owner);
      sessions.get(owner.sessionId()).removeRef(r.name);
    }
    grantWaiters(r, events);
    dropIfIdle(r);
    return LockResult.ok("released");
  }

  private LockResult cancel(InvocationId target, List<LockEvent> events) {
    if (target == null || target.sequence() <= 0) {
      return LockResult.error(Status.BAD_COMMAND, "cancel target sequence must be positive: " + target);
    }
    return withSession(target.sessionId(), s -> {
      Waiter w = waitingByInvocation.get(target);
      if (w != null) {
        ResourceState r = resources.get(w.resource());
        int position = r.position(w.owner());
        r.queue.remove(w.owner());
        unindex(w);
        s.removeRef(r.name);
        LockResult cancelled = LockResult.cancelled(position, "cancelled at queue position " + position);
        s.update(target.sequence(), cancelled);
        events.add(new LockEvent.Cancelled(target, w.owner(), r.name, Status.CANCELLED));
        grantWaiters(r, events); // a cancelled writer may have held back readers behind it
        dropIfIdle(r);
        return cancelled;
      }
      LockResult stored = s.results.get(target.sequence());
      if (stored != null) {
        return stored; // already granted, refused or cancelled: report the final outcome
      }
      LockResult stale = staleness(s, target.sequence());
      if (stale != null) {
        return stale; // applied long ago: its outcome is no longer kept
      }
      // The acquire has not arrived yet: refuse it when it does.
      LockResult tombstone = LockResult.cancelled(0, "cancelled before it was applied");
      s.store(target.sequence(), tombstone, resultsPerSession, rangesPerSession);
      return tombstone;
    });
  }

  /** Grants queued requests from the head, in FIFO order, while they fit next to the holders. */
  private void grantWaiters(ResourceState r, List<LockEvent> events) {
    Iterator<Waiter> it = r.queue.values().iterator();
    while (it.hasNext()) {
      Waiter w = it.next();
      if (!r.compatibleWithHolders(w.owner(), w.mode())) {
        return;
      }
      it.remove();
      unindex(w);
      SessionState s = sessions.get(w.owner().sessionId());
      s.removeRef(r.name);
      long fence = grant(s, r, w.owner(), w.mode());
      s.update(w.invocation().sequence(), LockResult.granted(fence));
      events.add(new LockEvent.Granted(w.invocation(), w.owner(), r.name, w.mode(), fence));
    }
  }

  private void unindex(Waiter w) {
    waiting.remove(w.owner());
    waitingByInvocation.remove(w.invocation());
  }

  private void dropIfIdle(ResourceState r) {
    if (r.isIdle()) {
      resources.remove(r.name);
    }
  }

  // ---- reads ----

  /** The current state of one resource, empty if nobody holds or waits for it. */
  public Optional<LockView> view(String resource) {
    ResourceState r = resource == null ? null : resources.get(resource);
    if (r == null) {
      return Optional.empty();
    }
    List<HolderView> holders = new ArrayList<>();
    r.holders.forEach((o, h) -> holders.add(new HolderView(o, h.exclusive, h.shared, h.fence)));
    List<WaiterView> queue = new ArrayList<>();
    int i = 1;
    for (Waiter w : r.queue.values()) {
      queue.add(new WaiterView(w.owner(), w.mode(), w.invocation(), i++));
    }
    return Optional.of(new LockView(r.name, Optional.ofNullable(r.heldMode()), holders, queue, r.lastFence));
  }

  /** Every resource somebody holds or waits for, sorted by name. */
  public List<LockView> views() {
    List<LockView> out = new ArrayList<>();
    for (String name : resources.keySet()) {
      view(name).ifPresent(out::add);
    }
    return out;
  }

  /** The table's counters. */
  public LockStats stats() {
    int active = 0;
    for (ResourceState r : resources.values()) {
      if (!r.holders.isEmpty()) {
        active++;
      }
    }
    return new LockStats(active, waiting.size(), deadlocksDetected, deadlockVictims, lastFence, sessions.size());
  }

  /** True if the session is open (as of the last applied command). */
  public boolean hasSession(long sessionId) {
    return sessions.containsKey(sessionId);
  }

  /**
   * When the first open session's lease runs out (in the table's time), or {@link Long#MAX_VALUE}
   * with no session: a driver needs to send a tick only once its clock passes this.
   */
  public long nextExpiryMillis() {
    return expiries.isEmpty() ? Long.MAX_VALUE : expiries.first().at();
  }

  /** The time of the last applied command, as the table saw it. */
  public long nowMillis() {
    return now;
  }

  // ---- snapshots ----

  /** The whole table as bytes (see {@link LockSnapshotCodec}). */
  public byte[] snapshot() {
    return LockSnapshotCodec.write(this);
  }

  /**
   * Replaces the whole table with a snapshot. On bad bytes throws {@link IllegalArgumentException}
   * and leaves the table as it was.
   */
  public void restore(byte[] snapshot) {
    LockTable fresh = LockSnapshotCodec.read(snapshot, resultsPerSession, rangesPerSession);
    now = fresh.now;
    lastFence = fresh.lastFence;
    appliedCount = fresh.appliedCount;
    deadlocksDetected = fresh.deadlocksDetected;
    deadlockVictims = fresh.deadlockVictims;
    sessions.clear();
    expiries.clear();
    resources.clear();
    waiting.clear();
    waitingByInvocation.clear();
    for (SessionState s : fresh.sessions.values()) {
      sessions.put(s.id, s);
      expiries.add(new Expiry(s.expiresAt, s.id));
    }
    resources.putAll(fresh.resources);
    waiting.putAll(fresh.waiting);
    waitingByInvocation.putAll(fresh.waitingByInvocation);
  }

  /** Used by {@link LockSnapshotCodec} to rebuild a table. */
  void restoreSession(SessionState s) {
    sessions.put(s.id, s);
    expiries.add(new Expiry(s.expiresAt, s.id));
  }

  /** Used by {@link LockSnapshotCodec} to rebuild a table; sessions must be restored first. */
  void restoreResource(ResourceState r) {
    resources.put(r.name, r);
    for (Owner o : r.holders.keySet()) {
      sessions.get(o.sessionId()).addRef(r.name);
    }
    for (Waiter w : r.queue.values()) {
      waiting.put(w.owner(), w);
      waitingByInvocation.put(w.invocation(), w);
      sessions.get(w.owner().sessionId()).addRef(r.name);
    }
  }
}
