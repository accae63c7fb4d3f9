package io.dsync.lock.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately simple reference model of the lock table for the randomized model test: flat
 * lists, whole-graph rebuilds for deadlock checks, results kept forever. Slow and obvious.
 */
final class NaiveLockModel {
  static final class H {
    final Owner owner;
    final String res;
    int x;
    int s;
    final long fence;

    H(Owner owner, String res, long fence) {
      this.owner = owner;
      this.res = res;
      this.fence = fence;
    }
  }

  record W(Owner owner, String res, LockMode mode, InvocationId inv) {}

  long now;
  long fence;
  long deadlocks;
  final TreeMap<Long, long[]> sessions = new TreeMap<>(); // id -> {lease, expiresAt}
  final Map<Long, Map<Long, LockResult>> results = new HashMap<>();
  final Map<Long, Long> acked = new HashMap<>();
  final List<H> holds = new ArrayList<>();
  final List<W> queue = new ArrayList<>();
  /** Every wait-for edge of the graph the last deadlock check built, for validating cycles. */
  Set<WaitEdge> lastEdges = Set.of();

  Applied apply(LockCommand c, long t) {
    now = Math.max(now, t);
    List<LockEvent> ev = new ArrayList<>();
    expire(ev);
    LockResult r;
    if (c instanceof LockCommand.OpenSession o) {
      if (o.leaseMillis() < 1 || o.leaseMillis() > LockTable.MAX_LEASE_MILLIS) {
        r = err(Status.BAD_COMMAND);
      } else {
        sessions.put(o.sessionId(), new long[] {o.leaseMillis(), now + o.leaseMillis()});
        results.computeIfAbsent(o.sessionId(), k -> new HashMap<>());
        r = err(Status.OK);
      }
    } else if (c instanceof LockCommand.KeepAlive k) {
      if (touch(k.sessionId())) {
        if (k.ackedThrough() > acked.getOrDefault(k.sessionId(), 0L)) {
          acked.put(k.sessionId(), k.ackedThrough());
          results.get(k.sessionId()).keySet().removeIf(seq -> seq <= k.ackedThrough());
        }
        r = err(Status.OK);
      } else {
        r = err(Status.UNKNOWN_SESSION);
      }
    } else if (c instanceof LockCommand.CloseSession k) {
      if (touch(k.sessionId())) {
        end(k.sessionId(), false, ev);
        r = err(Status.OK);
      } else {
        r = err(Status.UNKNOWN_SESSION);
      }
    } else if (c instanceof LockCommand.Acquire a) {
      r = once(a.invocation(), () -> acquire(a, ev));
    } else if (c instanceof LockCommand.Release rel) {
      r = once(rel.invocation(), () -> release(rel, ev));
    } else if (c instanceof LockCommand.Cancel can) {
      r = cancel(can.target(), ev);
    } else {
      r = err(Status.OK);
    }
    return new Applied(r, ev);
  }

  private static LockResult err(Status s) {
    return new LockResult(s, 0, 0, List.of(), "");
  }

  private boolean touch(long id) {
    long[] s = sessions.get(id);
    if (s == null) {
      return false;
    }
    s[1] = now + s[0];
    return true;
  }

  private void expire(List<LockEvent> ev) {
    while (true) {
      Long victim = null;
      for (var e : sessions.entrySet()) {
        if (e.getValue()[1] <= now && (victim == null || e.getValue()[1] < sessions.get(victim)[1])) {
          victim = e.getKey();
        }
      }
      if (victim == null) {
        return;
      }
      end(victim, true, ev);
    }
  }

  private void end(long id, boolean expired, List<LockEvent> ev) {
    sessions.remove(id);
    results.remove(id);
    acked.remove(id);
    TreeSet<String> names = new TreeSet<>();
    holds.stream().filter(h -> h.owner.sessionId() == id).forEach(h -> names.add(h.res));
    queue.stream().filter(w -> w.owner.sessionId() == id).forEach(w -> names.add(w.res));
    for (String n : names) {
      for (W w : new ArrayList<>(queue)) {
        if (w.res.equals(n) && w.owner.sessionId() == id) {
          queue.remove(w);
          ev.add(new LockEvent.Cancelled(w.inv, w.owner, n, Status.UNKNOWN_SESSION));
        }
      }
      holds.removeIf(h -> h.res.equals(n) && h.owner.sessionId() == id);
      grant(n, ev);
    }
    ev.add(new LockEvent.SessionEnded(id, expired));
  }

  private interface Op {
    LockResult run();
  }

  private LockResult once(InvocationId inv, Op op) {
    if (!touch(inv.sessionId())) {
      return err(Status.UNKNOWN_SESSION);
    }
    Map<Long, LockResult> mine = results.get(inv.sessionId());
    LockResult stored = mine.get(inv.sequence());
    if (stored != null) {
      return stored;
    }
    if (inv.sequence() <= acked.getOrDefault(inv.sessionId(), 0L)) {
      return err(Status.STALE_INVOCATION);
    }
    LockResult r = op.run();
    mine.put(inv.sequence(), r);
    return r;
  }

  private H hold(Owner o, String res) {
    for (H h : holds) {
      if (h.owner.equals(o) && h.res.equals(res)) {
        return h;
      }
    }
    return null;
  }

  private List<W> waitersOf(String res) {
    List<W> out = new ArrayList<>();
    for (W w : queue) {
      if (w.res.equals(res)) {
        out.add(w);
      }
    }
    return out;
  }

  private boolean fits(Owner o, String res, LockMode mode) {
    for (H h : holds) {
      if (h.res.equals(res) && !h.owner.equals(o) && (h.x > 0 || mode == LockMode.EXCLUSIVE)) {
        return false;
      }
    }
    return true;
  }

  private LockResult acquire(LockCommand.Acquire a, List<LockEvent> ev) {
    Owner o = a.owner();
    for (W w : queue) {
      if (w.owner.equals(o)) {
        return err(Status.ALREADY_WAITING);
      }
    }
    H h = hold(o, a.resource());
    if (h != null) {
      if (a.mode() == LockMode.EXCLUSIVE && h.x == 0) {
        return err(Status.UPGRADE_REFUSED);
      }
      if (a.mode() == LockMode.EXCLUSIVE) {
        h.x++;
      } else {
        h.s++;
      }
      return new LockResult(Status.GRANTED, h.fence, 0, List.of(), "");
    }
    if (waitersOf(a.resource()).isEmpty() && fits(o, a.resource(), a.mode())) {
      return new LockResult(Status.GRANTED, newHold(o, a.resource(), a.mode()), 0, List.of(), "");
    }
    if (!a.waitIfBusy()) {
      return err(Status.NOT_GRANTED);
    }
    W mine = new W(o, a.resource(), a.mode(), a.invocation());
    if (closesCycle(mine)) {
      deadlocks++;
      return err(Status.DEADLOCK);
    }
    queue.add(mine);
    return new LockResult(Status.WAITING, 0, waitersOf(a.resource()).size(), List.of(), "");
  }

  /** Rebuilds the whole wait-for graph with the new request queued last; looks for a path back. */
  private boolean closesCycle(W mine) {
    List<W> all = new ArrayList<>(queue);
    all.add(mine);
    Map<Owner, List<Owner>> adj = new HashMap<>();
    Set<WaitEdge> edges = new HashSet<>();
    for (W w : all) {
      List<Owner> out = adj.computeIfAbsent(w.owner, k -> new ArrayList<>());
      for (H h : holds) {
        if (h.res.equals(w.res) && !h.owner.equals(w.owner) && (h.x > 0 || w.mode == LockMode.EXCLUSIVE)) {
          out.add(h.owner);
          edges.add(new WaitEdge(w.owner, w.res, h.owner));
        }
      }
      for (W ahead : all) {
        if (ahead == w) {
          break;
        }
        if (ahead.res.equals(w.res) && (ahead.mode == LockMode.EXCLUSIVE || w.mode == LockMode.EXCLUSIVE)) {
          out.add(ahead.owner);
          edges.add(new WaitEdge(w.owner, w.res, ahead.owner));
        }
      }
    }
    lastEdges = edges;
    Set<Owner> seen = new HashSet<>();
    List<Owner> stack = new ArrayList<>(adj.getOrDefault(mine.owner, List.of()));
    while (!stack.isEmpty()) {
      Owner x = stack.remove(stack.size() - 1);
      if (x.equals(mine.owner)) {
        return true;
      }
      if (seen.add(x)) {
        stack.addAll(adj.getOrDefault(x, List.of()));
      }
    }
    return false;
  }

  private long newHold(Owner o, String res, LockMode mode) {
    H h = new H(o, res, ++fence);
    if (mode == LockMode.EXCLUSIVE) {
      h.x = 1;
    } else {
      h.s = 1;
    }
    holds.add(h);
    return h.fence;
  }

  private LockResult release(LockCommand.Release rel, List<LockEvent> ev) {
    H h = hold(rel.owner(), rel.resource());
    if (h == null || (rel.mode() == LockMode.EXCLUSIVE ? h.x : h.s) == 0) {
      return err(Status.NOT_HOLDER);
    }
    if (rel.mode() == LockMode.EXCLUSIVE) {
      h.x--;
    } else {
      h.s--;
    }
    if (h.x == 0 && h.s == 0) {
      holds.remove(h);
    }
    grant(rel.resource(), ev);
    return err(Status.OK);
  }

  private LockResult cancel(InvocationId target, List<LockEvent> ev) {
    if (!touch(target.sessionId())) {
      return err(Status.UNKNOWN_SESSION);
    }
    for (W w : queue) {
      if (w.inv.equals(target)) {
        int pos = waitersOf(w.res).indexOf(w) + 1;
        queue.remove(w);
        LockResult r = new LockResult(Status.CANCELLED, 0, pos, List.of(), "");
        results.get(target.sessionId()).computeIfPresent(target.sequence(), (k, v) -> r);
        ev.add(new LockEvent.Cancelled(target, w.owner, w.res, Status.CANCELLED));
        grant(w.res, ev);
        return r;
      }
    }
    LockResult stored = results.get(target.sessionId()).get(target.sequence());
    if (stored != null) {
      return stored;
    }
    if (target.sequence() <= acked.getOrDefault(target.sessionId(), 0L)) {
      return err(Status.STALE_INVOCATION);
    }
    LockResult tomb = new LockResult(Status.CANCELLED, 0, 0, List.of(), "");
    results.get(target.sessionId()).put(target.sequence(), tomb);
    return tomb;
  }

  private void grant(String res, List<LockEvent> ev) {
    while (true) {
      List<W> ws = waitersOf(res);
      if (ws.isEmpty() || !fits(ws.get(0).owner, res, ws.get(0).mode)) {
        return;
      }
      W w = ws.get(0);
      queue.remove(w);
      long f = newHold(w.owner, res, w.mode);
      LockResult g = new LockResult(Status.GRANTED, f, 0, List.of(), "");
      results.get(w.inv.sessionId()).computeIfPresent(w.inv.sequence(), (k, v) -> g);
      ev.add(new LockEvent.Granted(w.inv, w.owner, res, w.mode, f));
    }
  }

  /** The model's state in the shape of {@link LockTable#views()}. */
  List<LockView> views() {
    TreeSet<String> names = new TreeSet<>();
    holds.forEach(h -> names.add(h.res));
    queue.forEach(w -> names.add(w.res));
    List<LockView> out = new ArrayList<>();
    for (String n : names) {
      List<HolderView> hv = new ArrayList<>();
      LockMode mode = null;
      for (H h : holds) {
        if (h.res.equals(n)) {
          hv.add(new HolderView(h.owner, h.x, h.s, h.fence));
          mode = h.x > 0 || mode == LockMode.EXCLUSIVE ? LockMode.EXCLUSIVE : LockMode.SHARED;
        }
      }
      List<WaiterView> wv = new ArrayList<>();
      for (W w : waitersOf(n)) {
        wv.add(new WaiterView(w.owner, w.mode, w.inv, wv.size() + 1));
      }
      out.add(new LockView(n, Optional.ofNullable(mode), hv, wv, -1));
    }
    return out;
  }
}
