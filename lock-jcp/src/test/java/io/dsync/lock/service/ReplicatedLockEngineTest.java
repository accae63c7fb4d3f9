package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.lock.LockException;
import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockMode;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.dsync.lock.NoLeakedThreads.class)
class ReplicatedLockEngineTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private FakeRaftLog log;
  private ReplicatedLockEngine engine;

  private void start(double faultRate) {
    log = new FakeRaftLog(7, faultRate);
    engine = new ReplicatedLockEngine(log, log.machine, System::currentTimeMillis, scheduler, 50, 10_000);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    engine.close();
    log.close();
    scheduler.shutdownNow();
  }

  private LockResult run(LockCommand c) throws Exception {
    return engine.submit(c).get(10, TimeUnit.SECONDS);
  }

  @Test
  void queuedAcquire_answeredByTheGrantEvent() throws Exception {
    start(0);
    run(new LockCommand.OpenSession(1, 60_000));
    run(new LockCommand.OpenSession(2, 60_000));
    assertThat(run(new LockCommand.Acquire(new InvocationId(1, 1), 1, "a", LockMode.EXCLUSIVE, true)).status())
        .isEqualTo(Status.GRANTED);
    CompletableFuture<LockResult> queued = engine.submit(
        new LockCommand.Acquire(new InvocationId(2, 1), 1, "a", LockMode.EXCLUSIVE, true));
    assertThat(run(new LockCommand.Release(new InvocationId(1, 2), 1, "a", LockMode.EXCLUSIVE)).status())
        .isEqualTo(Status.OK);
    assertThat(queued.get(10, TimeUnit.SECONDS)).extracting(LockResult::status, LockResult::fence)
        .containsExactly(Status.GRANTED, 2L);
    assertThat(engine.leaderId()).contains("n1");
    assertThat(engine.stats().get(10, TimeUnit.SECONDS).activeLocks()).isEqualTo(1);
  }

  @Test
  void lossyLog_retriesApplyOnce() throws Exception {
    start(0.4);
    assertThat(run(new LockCommand.OpenSession(1, 60_000)).status()).isEqualTo(Status.OK);
    for (int i = 1; i <= 30; i++) {
      LockResult r = run(new LockCommand.Acquire(new InvocationId(1, i), 1, "a", LockMode.SHARED, true));
      assertThat(r.status()).isEqualTo(Status.GRANTED);
    }
    assertThat(engine.view("a").get(10, TimeUnit.SECONDS)).get()
        .satisfies(v -> assertThat(v.holders().get(0).sharedCount()).isEqualTo(30));
  }

  @Test
  void expiredLease_endsWithoutOtherTraffic_andItsLockGoesToTheWaiter() throws Exception {
    start(0);
    run(new LockCommand.OpenSession(1, 300));
    run(new LockCommand.OpenSession(2, 60_000));
    run(new LockCommand.Acquire(new InvocationId(1, 1), 1, "a", LockMode.EXCLUSIVE, true));
    CompletableFuture<LockResult> queued = engine.submit(
        new LockCommand.Acquire(new InvocationId(2, 1), 1, "a", LockMode.EXCLUSIVE, true));
    // session 1 sends nothing more: only the leader's tick can end it
    assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.GRANTED);
    assertThat(log.machine.nextExpiryMillis()).isLessThan(Long.MAX_VALUE);
  }

  @Test
  void close_failsWhatIsPending() throws Exception {
    start(0);
    run(new LockCommand.OpenSession(1, 60_000));
    run(new LockCommand.OpenSession(2, 60_000));
    run(new LockCommand.Acquire(new InvocationId(1, 1), 1, "a", LockMode.EXCLUSIVE, true));
    CompletableFuture<LockResult> queued = engine.submit(
        new LockCommand.Acquire(new InvocationId(2, 1), 1, "a", LockMode.EXCLUSIVE, true));
    assertThat(engine.views().get(10, TimeUnit.SECONDS).get(0).waiting()).hasSize(1);
    engine.close();
    assertThat(queued).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().withCauseInstanceOf(LockException.class);
    assertThat(engine.submit(new LockCommand.Tick())).isCompletedExceptionally();
  }
}
