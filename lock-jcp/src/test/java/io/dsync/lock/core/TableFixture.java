package io.dsync.lock.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drives a {@link LockTable} by hand in tests: a virtual clock and per-session sequences. */
final class TableFixture {
  static final long LEASE = 10_000;

  LockTable table;
  long now = 1_000;
  List<LockEvent> lastEvents = List.of();
  InvocationId lastInvocation;
  private final Map<Long, Long> sequences = new HashMap<>();

  TableFixture() {
    this(new LockTable());
  }

  TableFixture(LockTable table) {
    this.table = table;
  }

  LockResult run(LockCommand c) {
    Applied a = table.apply(c, now);
    lastEvents = a.events();
    return a.result();
  }

  TableFixture open(long... sessions) {
    for (long s : sessions) {
      LockResult r = run(new LockCommand.OpenSession(s, LEASE));
      if (r.status() != Status.OK) {
        throw new AssertionError(r);
      }
    }
    return this;
  }

  InvocationId next(long session) {
    long seq = sequences.merge(session, 1L, Long::sum);
    lastInvocation = new InvocationId(session, seq);
    return lastInvocation;
  }

  LockResult acquire(long session, long thread, String resource, LockMode mode) {
    return run(new LockCommand.Acquire(next(session), thread, resource, mode, true));
  }

  LockResult tryAcquire(long session, long thread, String resource, LockMode mode) {
    return run(new LockCommand.Acquire(next(session), thread, resource, mode, false));
  }

  LockResult x(long session, String resource) {
    return acquire(session, 1, resource, LockMode.EXCLUSIVE);
  }

  LockResult s(long session, String resource) {
    return acquire(session, 1, resource, LockMode.SHARED);
  }

  LockResult release(long session, long thread, String resource, LockMode mode) {
    return run(new LockCommand.Release(next(session), thread, resource, mode));
  }

  LockResult releaseX(long session, String resource) {
    return release(session, 1, resource, LockMode.EXCLUSIVE);
  }

  LockResult releaseS(long session, String resource) {
    return release(session, 1, resource, LockMode.SHARED);
  }

  LockResult cancel(InvocationId target) {
    return run(new LockCommand.Cancel(target));
  }

  LockResult tick(long advanceMillis) {
    now += advanceMillis;
    return run(new LockCommand.Tick());
  }

  LockView view(String resource) {
    return table.view(resource).orElseThrow(() -> new AssertionError("no state for " + resource));
  }

  static Owner o(long session) {
    return new Owner(session, 1);
  }
}
