package io.dsync.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a history is linearizable with respect to a {@link Model}.
 *
 * <p>Method: the history becomes a list of call and return events ordered by time (a call
 * before a return at the same instant, so touching operations count as concurrent). The
 * search repeatedly picks a call whose operation can be applied to the model next, applies it
 * and removes the operation from the list ("lifts" it); reaching a return event whose call is
 * still in the list means the current choice failed, so it backtracks. A cache of
 * (set of linearized operations, model state) pairs prunes branches already explored — the
 * memoization that makes Wing–Gong search practical. Operations with an unknown outcome return
 * at infinity, so they may take effect at any point after their call, or effectively never.
 *
 * <p>Thread-safe (no shared state); a check runs on the caller's thread.
 */
public final class LinearizabilityChecker {
  private final long maxSteps;

  /** A checker that gives up (verdict {@code UNKNOWN}) after {@code maxSteps} search steps per part. */
  public LinearizabilityChecker(long maxSteps) {
    this.maxSteps = maxSteps;
  }

  /** A checker with a budget of ten million steps per part. */
  public LinearizabilityChecker() {
    this(10_000_000L);
  }

  /** Checks every part of the history (see {@link Model#partition}). */
  public <S, I, O> CheckResult check(Model<S, I, O> model, List<Operation<I, O>> history) {
    CheckResult unknown = null;
    for (List<Operation<I, O>> part : model.partition(history)) {
      CheckResult r = checkPart(model, part);
      if (r.verdict() == CheckResult.Verdict.NOT_LINEARIZABLE) {
        return r;
      }
      if (r.verdict() == CheckResult.Verdict.UNKNOWN) {
        unknown = r;
      }
    }
    return unknown != null ? unknown : new CheckResult(CheckResult.Verdict.LINEARIZABLE, history.size() + " operations");
  }

  private static final class Event {
    final int op;
    final boolean call;
    final long time;
    Event match;
    Event prev;
    Event next;

    Event(int op, boolean call, long time) {
      this.op = op;
      this.call = call;
      this.time = time;
    }
  }

  private record Frame<S>(Event call, S state, BitSet linearized) {}

  private record Key<S>(BitSet linearized, S state) {}

  private <S, I, O> CheckResult checkPart(Model<S, I, O> model, List<Operation<I, O>> ops) {
    Event head = buildList(ops);
    Set<Key<S>> cache = new HashSet<>();
    ArrayDeque<Frame<S>> stack = new ArrayDeque<>();
    S state = model.init();
    BitSet linearized = new BitSet(ops.size());
    Event e = head.next;
    long steps = 0;
    int deepest = 0;
    int blocker = -1;
    while (head.next != null) {
      if (++steps > maxSteps) {
        return new CheckResult(CheckResult.Verdict.UNKNOWN, "gave up after " + maxSteps + " steps on " + ops.size() + " operations");
      }
      if (e.call) {
        Operation<I, O> op = ops.get(e.op);
        Optional<S> next = model.step(state, op.input(), op.output());
        if (next.isPresent()) {
          BitSet lin = (BitSet) linearized.clone();
          lin.set(e.op);
          if (cache.add(new Key<>(lin, next.get()))) {
            stack.push(new Frame<>(e, state, linearized));
            deepest = Math.max(deepest, stack.size());
            state = next.get();
            linearized = lin;
            lift(e);
            e = head.next;
            continue;
          }
        }
        e = e.next;
      } else {
        if (stack.size() >= deepest) {
          blocker = e.op;
        }
        if (stack.isEmpty()) {
          return new CheckResult(CheckResult.Verdict.NOT_LINEARIZABLE, explain(ops, deepest, blocker));
        }
        Frame<S> f = stack.pop();
        state = f.state();
        linearized = f.linearized();
        unlift(f.call());
        e = f.call().next;
      }
    }
    return new CheckResult(CheckResult.Verdict.LINEARIZABLE, ops.size() + " operations");
  }

  private static <I, O> Event buildList(List<Operation<I, O>> ops) {
    List<Event> events = new ArrayList<>(ops.size() * 2);
    for (int i = 0; i < ops.size(); i++) {
      Operation<I, O> op = ops.get(i);
      Event c = new Event(i, true, op.callMillis());
      Event r = new Event(i, false, op.returnMillis());
      c.match = r;
      r.match = c;
      events.add(c);
      events.add(r);
    }
    events.sort(Comparator.<Event>comparingLong(ev -> ev.time).thenComparing(ev -> ev.call ? 0 : 1));
    Event head = new Event(-1, true, Long.MIN_VALUE);
    Event prev = head;
    for (Event ev : events) {
      prev.next = ev;
      ev.prev = prev;
      prev = ev;
    }
    return head;
  }

  private static void lift(Event call) {
    remove(call);
    remove(call.match);
  }

  private static void remove(Event ev) {
    ev.prev.next = ev.next;
    if (ev.next != null) {
      ev.next.prev = ev.prev;
    }
  }

  private static void unlift(Event call) {
    insertBack(call.match);
    insertBack(call);
  }

  private static void insertBack(Event ev) {
    ev.prev.next = ev;
    if (ev.next != null) {
      ev.next.prev = ev;
    }
  }

  private static <I, O> String explain(List<Operation<I, O>> ops, int deepest, int blocker) {
    Operation<I, O> b = ops.get(Math.max(blocker, 0));
    StringBuilder sb = new StringBuilder("not linearizable; at most " + deepest + " of " + ops.size()
        + " operations could be ordered; the search got stuck at " + b.input() + " -> " + b.output()
        + ". Operations around it (client, input, output, call, return):\n");
    List<Operation<I, O>> sorted = new ArrayList<>(ops);
    sorted.sort(Comparator.comparingLong(Operation::callMillis));
    long window = 0;
    for (Operation<I, O> op : sorted) {
      if (op.completed() && op.returnMillis() <= b.callMillis()) {
        window = Math.max(window, op.callMillis());
      }
    }
    int shown = 0;
    for (Operation<I, O> op : sorted) {
      if (op.completed() && op.returnMillis() < window && op.callMillis() < window - 1) {
        continue;
      }
      if (shown++ >= 40) {
        sb.append("  ...\n");
        break;
      }
      sb.append("  ").append(op.client()).append(' ').append(op.input()).append(" -> ")
          .append(op.completed() ? String.valueOf(op.output()) : "?").append(" [").append(op.callMillis())
          .append(", ").append(op.completed() ? String.valueOf(op.returnMillis()) : "inf").append("]\n");
    }
    return sb.toString();
  }
}
