package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.check.CheckResult;
import io.dsync.check.LinearizabilityChecker;
import io.dsync.check.Model;
import io.dsync.check.Operation;
import io.dsync.lock.LockEngine;
import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockMode;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Goal: what clients see of one lock through the replicated-log engine is linearizable, even
 * when the log loses answers and the engine retries (a retry must apply once). Method: a seed
 * drives four clients (own sessions) issuing try-locks, waiting acquires and releases
 * concurrently over a {@link FakeRaftLog} that fails a share of submissions; their history is
 * checked with the Wing–Gong checker against a one-lock model in which a grant's fence must exceed
 * every earlier one.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.dsync.lock.NoLeakedThreads.class)
class LockLinearizabilityTest {
  record In(int client, String kind) {}

  record Out(Status status, long fence) {}

  record State(int holder, int count, long fence, long lastFence) {}

  static final class OneLock implements Model<State, In, Out> {
    @Override
    public State init() {
      return new State(-1, 0, 0, 0);
    }

    @Override
    public Optional<State> step(State s, In in, Out out) {
      if (in.kind().equals("release")) {
        boolean holds = s.holder() == in.client();
        if (out != null && (out.status() == Status.OK) != holds) {
          return Optional.empty();
        }
        if (!holds) {
          return Optional.of(s);
        }
        return Optional.of(s.count() == 1 ? new State(-1, 0, 0, s.lastFence())
            : new State(s.holder(), s.count() - 1, s.fence(), s.lastFence()));
      }
      boolean free = s.holder() == -1;
      boolean mine = s.holder() == in.client();
      if (out == null) { // unknown outcome: it took effect, or never did
        return Optional.of(free ? new State(in.client(), 1, s.lastFence() + 1, s.lastFence() + 1) : s);
      }
      if (out.status() == Status.GRANTED) {
        if (mine) {
          return out.fence() == s.fence()
              ? Optional.of(new State(s.holder(), s.count() + 1, s.fence(), s.lastFence())) : Optional.empty();
        }
        return free && out.fence() > s.lastFence()
            ? Optional.of(new State(in.client(), 1, out.fence(), out.fence())) : Optional.empty();
      }
      if (out.status() == Status.CANCELLED) { // a wait cancelled before its grant: no effect
        return in.kind().equals("wait") ? Optional.of(s) : Optional.empty();
      }
      // NOT_GRANTED is only right when someone else holds it (no waiters can exist while it is free)
      return out.status() == Status.NOT_GRANTED && !free && !mine ? Optional.of(s) : Optional.empty();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void lossyReplicatedEngine_historyIsLinearizable(long seed) throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    FakeRaftLog log = new FakeRaftLog(seed, 0.25);
    ReplicatedLockEngine engine = new ReplicatedLockEngine(log, log.machine, System::currentTimeMillis, scheduler,
        100, 20_000);
    List<Operation<In, Out>> history = Collections.synchronizedList(new ArrayList<>());
    try {
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        long session = 100 + c;
        assertThat(engine.submit(new LockCommand.OpenSession(session, 60_000)).get(20, TimeUnit.SECONDS).status())
            .isEqualTo(Status.OK);
        Random rnd = new Random(seed * 31 + c);
        all.add(CompletableFuture.runAsync(() -> runClient(engine, client, session, rnd, history), clients));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    } finally {
      clients.shutdownNow();
      engine.close();
      log.close();
      scheduler.shutdownNow();
    }
    CheckResult r = new LinearizabilityChecker().check(new OneLock(), history);
    assertThat(r.ok()).as("seed %d: %s", seed, r.detail()).isTrue();
    assertThat(history).hasSizeGreaterThan(100);
  }

  private static void runClient(LockEngine engine, int client, long session, Random rnd, List<Operation<In, Out>> history) {
    long seq = 0;
    int held = 0;
    for (int i = 0; i < 40 || held > 0; i++) {
      String kind;
      LockCommand cmd;
      InvocationId inv = new InvocationId(session, ++seq);
      int dice = rnd.nextInt(10);
      if (held > 0 && (dice < 5 || i >= 40)) {
        kind = "release";
        cmd = new LockCommand.Release(inv, 1, "L", LockMode.EXCLUSIVE);
      } else {
        kind = dice < 8 ? "try" : "wait";
        cmd = new LockCommand.Acquire(inv, 1, "L", LockMode.EXCLUSIVE, kind.equals("wait"));
      }
      long call = System.nanoTime();
      LockResult r;
      try {
        CompletableFuture<LockResult> f = engine.submit(cmd);
        try {
          r = f.get(kind.equals("wait") ? 200 : 30_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          if (!kind.equals("wait")) {
            throw e;
          }
          r = engine.submit(new LockCommand.Cancel(inv)).get(30, TimeUnit.SECONDS); // the wait's final outcome
        }
      } catch (Exception e) {
        history.add(Operation.pending(client, new In(client, kind), call));
        continue;
      }
      history.add(new Operation<>(client, new In(client, kind), new Out(r.status(), r.fence()), call, System.nanoTime()));
      if (r.status() == Status.GRANTED) {
        held++;
      } else if (kind.equals("release") && r.status() == Status.OK) {
        held--;
      }
    }
  }
}
