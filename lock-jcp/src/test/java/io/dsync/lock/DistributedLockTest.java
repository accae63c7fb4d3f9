package io.dsync.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.Owner;
import io.dsync.lock.core.WaitEdge;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(NoLeakedThreads.class)
class DistributedLockTest {
  private LocalLockEngine engine;
  private DsyncLocks a;
  private DsyncLocks b;
  private final ExecutorService others = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() {
    engine = new LocalLockEngine(System::currentTimeMillis, 20);
    a = DsyncLocks.create(engine);
    b = DsyncLocks.create(engine);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    others.shutdownNow();
    assertThat(others.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    a.close();
    b.close();
    engine.close();
  }

  private <T> T elsewhere(java.util.concurrent.Callable<T> c) throws Exception {
    return others.submit(c).get(10, TimeUnit.SECONDS);
  }

  @Test
  void twoSessions_excludeEachOther() throws Exception {
    DistributedLock la = a.getLock("x");
    la.lock();
    assertThat(b.getLock("x").tryLock()).isFalse();
    la.unlock();
    assertThat(b.getLock("x").tryLock()).isTrue();
    b.getLock("x").unlock();
  }

  @Test
  void fence_growsWithEveryGrant_andIsPerThread() throws Exception {
    DistributedLock lock = a.getLock("x");
    lock.lock();
    long first = lock.getFence();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    assertThat(lock.getHoldCount()).isEqualTo(1);
    lock.unlock();
    assertThatThrownBy(lock::getFence).isInstanceOf(IllegalMonitorStateException.class);
    long second = elsewhere(() -> {
      lock.lock();
      try {
        return lock.getFence();
      } finally {
        lock.unlock();
      }
    });
    assertThat(second).isGreaterThan(first);
    DistributedLock read = b.getReadWriteLock("y").readLock();
    read.lock();
    assertThat(read.getFence()).isGreaterThan(second);
    read.unlock();
  }

  @Test
  void newCondition_unsupported_withClearMessage() {
    assertThatThrownBy(() -> a.getLock("x").newCondition()).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not support conditions");
  }

  @Test
  void deadlock_refusesTheNewestRequest_namingTheCycle() throws Exception {
    DistributedLock x = a.getLock("x");
    DistributedLock y = b.getLock("y");
    x.lock();
    CompletableFuture<Long> other = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        y.lock();
        other.complete(0L);
        b.getLock("x").lock(); // waits for x, held by a
        b.getLock("x").unlock();
        y.unlock();
        other.obtrudeValue(1L);
      } catch (Throwable e) {
        other.completeExceptionally(e);
      }
    });
    t.start();
    other.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().get().waitingRequests() == 1);

    DistributedLock ay = a.getLock("y");
    assertThatThrownBy(ay::lock).isInstanceOfSatisfying(LockDeadlockException.class, e -> {
      assertThat(e.resource()).isEqualTo("y");
      assertThat(e.cycle()).extracting(WaitEdge::resource).containsExactly("y", "x");
      assertThat(e.cycle().get(0).waiter()).isEqualTo(new Owner(a.sessionId(), Thread.currentThread().getId()));
      assertThat(e.cycle().get(0).blocker().sessionId()).isEqualTo(b.sessionId());
      assertThat(e.getMessage()).startsWith("deadlock: ");
    });
    assertThat(ay.isHeldByCurrentThread()).isFalse();
    x.unlock(); // the victim backs off; the other side proceeds
    t.join(10_000);
    assertThat(other.get()).isEqualTo(1L);
    assertThat(engine.stats().get().deadlocksDetected()).isEqualTo(1);
  }

  @Test
  void hungClient_losesItsLocksAfterTheLease_andUnlockThenThrows() throws Exception {
    try (DsyncLocks shortLease = DsyncLocks.builder().engine(engine).leaseMillis(200).build()) {
      DistributedLock lost = shortLease.getLock("x");
      lost.lock();
      shortLease.simulateHangForTest();
      await().atMost(Duration.ofSeconds(10)).until(() -> elsewhere(() -> {
        boolean got = b.getLock("x").tryLock();
        if (got) {
          b.getLock("x").unlock();
        }
        return got;
      }));
      assertThatThrownBy(lost::unlock).isInstanceOf(IllegalMonitorStateException.class).hasMessageContaining("lost");
      assertThatThrownBy(lost::lock).isInstanceOf(LockException.class);
    }
  }

  @Test
  void heartbeats_renewTheLeaseEveryThirdOfIt() throws Exception {
    java.util.concurrent.atomic.AtomicInteger keepAlives = new java.util.concurrent.atomic.AtomicInteger();
    LockEngine counting = new LosingAcquireAnswers(engine) {
      @Override
      public CompletableFuture<LockResult> submit(LockCommand command) {
        if (command instanceof LockCommand.KeepAlive) {
          keepAlives.incrementAndGet();
        }
        return engine.submit(command);
      }
    };
    try (DsyncLocks shortLease = DsyncLocks.builder().engine(counting).leaseMillis(300).build()) {
      DistributedLock held = shortLease.getLock("x");
      held.lock();
      await().atMost(Duration.ofSeconds(10)).until(() -> keepAlives.get() >= 3);
      assertThat(shortLease.isSessionAlive()).isTrue();
      held.unlock();
    }
  }

  @Test
  void close_releasesEverything_andRefusesFurtherUse() throws Exception {
    DsyncLocks c = DsyncLocks.create(engine);
    c.getLock("x").lock();
    c.getReadWriteLock("y").readLock().lock();
    c.close();
    assertThat(engine.views().get()).isEmpty();
    assertThat(c.isSessionAlive()).isFalse();
    assertThatThrownBy(() -> c.getLock("z").lock()).isInstanceOf(LockException.class).hasMessageContaining("closed");
    c.close();
  }

  @Test
  void readWrite_readersShare_writerExcludes_downgradeWorks_upgradeRefused() throws Exception {
    DistributedReadWriteLock rw = a.getReadWriteLock("doc");
    rw.readLock().lock();
    assertThat(elsewhere(() -> {
      boolean got = rw.readLock().tryLock();
      if (got) {
        rw.readLock().unlock();
      }
      return got;
    })).isTrue();
    assertThat(elsewhere(() -> rw.writeLock().tryLock())).isFalse();
    assertThatThrownBy(() -> rw.writeLock().lock()).isInstanceOf(LockException.class).hasMessageContaining("upgrad");
    rw.readLock().unlock();

    rw.writeLock().lock();
    rw.readLock().lock(); // downgrade: take read while holding write
    rw.writeLock().unlock();
    assertThat(b.getReadWriteLock("doc").readLock().tryLock()).isTrue();
    b.getReadWriteLock("doc").readLock().unlock();
    assertThat(b.getReadWriteLock("doc").writeLock().tryLock()).isFalse();
    rw.readLock().unlock();
  }

  @Test
  void waitingWriter_isNotStarvedByNewReaders() throws Exception {
    DistributedReadWriteLock rw = a.getReadWriteLock("doc");
    rw.readLock().lock();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      b.getReadWriteLock("doc").writeLock().lock();
      b.getReadWriteLock("doc").writeLock().unlock();
    }, others);
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().get().waitingRequests() == 1);
    assertThat(elsewhere(() -> b.getReadWriteLock("doc").readLock().tryLock())).isFalse();
    rw.readLock().unlock();
    writer.get(10, TimeUnit.SECONDS);
  }

  @Test
  void badNamesAndSettings_refusedClearly() {
    assertThatThrownBy(() -> a.getLock(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> a.getReadWriteLock(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.getLock("x".repeat(2000))).hasMessageContaining("longer than");
    assertThatThrownBy(() -> DsyncLocks.builder().leaseMillis(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DsyncLocks.builder().operationTimeoutMillis(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void engineClosed_failsCleanly() {
    LocalLockEngine e = new LocalLockEngine();
    DsyncLocks c = DsyncLocks.create(e);
    e.close();
    assertThatThrownBy(() -> c.getLock("x").lock()).isInstanceOf(LockException.class).hasMessageContaining("closed");
    c.close();
  }

  @Test
  void embedded_worksAlone() {
    try (DsyncLocks solo = DsyncLocks.embedded()) {
      DistributedLock l = solo.getLock("solo");
      assertThat(solo.getLock("solo")).isSameAs(l);
      l.lock();
      assertThat(l.getFence()).isEqualTo(1);
      l.unlock();
    }
  }

  /**
   * A timed-out wait whose grant happened before the cancel: the grant's answer is lost on the
   * way (simulated), the cancel finds it granted, and tryLock reports true with the fence.
   */
  @Test
  void timedOutRequestAlreadyGranted_isReportedAsAcquired() throws Exception {
    try (LockEngine lossy = new LosingAcquireAnswers(engine); DsyncLocks c = DsyncLocks.create(lossy)) {
      DistributedLock l = c.getLock("x");
      assertThat(l.tryLock(50, TimeUnit.MILLISECONDS)).isTrue();
      assertThat(l.getFence()).isPositive();
      assertThat(b.getLock("x").tryLock()).isFalse();
      l.unlock();
      assertThat(b.getLock("x").tryLock()).isTrue();
      b.getLock("x").unlock();
    }
  }

  @Test
  void interruptedRequestAlreadyGranted_isGivenBack() throws Exception {
    try (LockEngine lossy = new LosingAcquireAnswers(engine); DsyncLocks c = DsyncLocks.create(lossy)) {
      DistributedLock l = c.getLock("x");
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          l.lockInterruptibly();
        } catch (Throwable e) {
          outcome.set(e);
        }
      });
      t.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.WAITING);
      t.interrupt();
      t.join(10_000);
      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
      assertThat(b.getLock("x").tryLock()).isTrue();
      b.getLock("x").unlock();
    }
  }

  /** Applies every command but never answers acquires, as if the answer were lost. */
  private static class LosingAcquireAnswers extends ForwardingLockEngine {
    LosingAcquireAnswers(LockEngine inner) {
      super(inner);
    }

    @Override
    public CompletableFuture<LockResult> submit(LockCommand command) {
      CompletableFuture<LockResult> f = inner.submit(command);
      return command instanceof LockCommand.Acquire ? new CompletableFuture<>() : f;
    }

    @Override
    public void close() {} // the test closes the inner engine
  }
}
