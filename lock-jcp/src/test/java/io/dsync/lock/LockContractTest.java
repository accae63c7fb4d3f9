package io.dsync.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promises of {@link Lock} that callers rely on, checked against the JDK's {@link ReentrantLock}
 * and against {@link DistributedLock}: both must pass the same tests.
 */
@org.junit.jupiter.api.extension.ExtendWith(NoLeakedThreads.class)
class LockContractTest {
  private static final java.util.List<AutoCloseable> OPEN = new java.util.ArrayList<>();
  private static int counter;
  private final ExecutorService others = Executors.newCachedThreadPool();

  static Stream<Arguments> impls() {
    Supplier<Lock> jdk = ReentrantLock::new;
    Supplier<Lock> dsync = () -> {
      DsyncLocks locks = DsyncLocks.embedded();
      OPEN.add(locks);
      return locks.getLock("contract-" + (++counter));
    };
    Supplier<Lock> replicated = () -> {
      // Through the replicated-log engine, over a log that loses a fifth of its answers.
      java.util.concurrent.ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      io.dsync.lock.service.FakeRaftLog log = new io.dsync.lock.service.FakeRaftLog(++counter, 0.2);
      io.dsync.lock.service.ReplicatedLockEngine engine = new io.dsync.lock.service.ReplicatedLockEngine(
          log, log.machine, System::currentTimeMillis, scheduler, 100, 10_000);
      DsyncLocks locks = DsyncLocks.create(engine);
      OPEN.add(locks);
      OPEN.add(engine);
      OPEN.add(log);
      OPEN.add(scheduler::shutdownNow);
      return locks.getLock("contract-" + counter);
    };
    return Stream.of(Arguments.of(Named.of("ReentrantLock", jdk)), Arguments.of(Named.of("DistributedLock", dsync)),
        Arguments.of(Named.of("DistributedLock over a lossy replicated log", replicated)));
  }

  @AfterEach
  void tearDown() throws Exception {
    others.shutdownNow();
    assertThat(others.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    for (AutoCloseable c : OPEN) {
      c.close();
    }
    OPEN.clear();
  }

  private boolean tryLockElsewhere(Lock lock) throws Exception {
    return others.submit(() -> {
      boolean got = lock.tryLock();
      if (got) {
        lock.unlock();
      }
      return got;
    }).get(10, TimeUnit.SECONDS);
  }

  /** Starts {@code body} on a new thread and waits until it blocks. */
  private static Thread startBlocked(Runnable body) {
    Thread t = new Thread(body, "contract-waiter");
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.WAITING
        || t.getState() == Thread.State.TIMED_WAITING);
    return t;
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lock_excludesOtherThreads_untilUnlocked(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    assertThat(tryLockElsewhere(lock)).isFalse();
    lock.unlock();
    assertThat(tryLockElsewhere(lock)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void reentrant_holdsMustAllBeReleased(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    assertThat(lock.tryLock()).isTrue();
    lock.lock();
    lock.unlock();
    lock.unlock();
    assertThat(tryLockElsewhere(lock)).isFalse();
    lock.unlock();
    assertThat(tryLockElsewhere(lock)).isTrue();
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
  }

  @ParameterizedTest
  @MethodSource("impls")
  void unlock_byThreadNotHolding_throwsIllegalMonitorState_andLockStaysHeld(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    lock.lock();
    Throwable t = others.submit(() -> {
      try {
        lock.unlock();
        return null;
      } catch (Throwable e) {
        return e;
      }
    }).get(10, TimeUnit.SECONDS);
    assertThat(t).isInstanceOf(IllegalMonitorStateException.class);
    assertThat(tryLockElsewhere(lock)).isFalse();
    lock.unlock();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lockInterruptibly_alreadyInterrupted_throwsWithoutAcquiring(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    Thread.currentThread().interrupt();
    assertThatThrownBy(lock::lockInterruptibly).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(tryLockElsewhere(lock)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lockInterruptibly_interruptedWhileWaiting_throws_andDoesNotGetTheLockLater(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread t = startBlocked(() -> {
      try {
        lock.lockInterruptibly();
        outcome.set(new AssertionError("acquired"));
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    t.interrupt();
    t.join(10_000);
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    lock.unlock();
    assertThat(tryLockElsewhere(lock)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void tryLockTimed_timesOut_returnsFalse_andTheWaitIsCancelled(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    long start = System.nanoTime();
    boolean got = others.submit(() -> lock.tryLock(100, TimeUnit.MILLISECONDS)).get(10, TimeUnit.SECONDS);
    assertThat(got).isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(90);
    lock.unlock();
    assertThat(tryLockElsewhere(lock)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void tryLockTimed_succeedsWhenReleasedDuringTheWait(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    CompletableFuture<Boolean> got = new CompletableFuture<>();
    startBlocked(() -> {
      try {
        boolean ok = lock.tryLock(30, TimeUnit.SECONDS);
        if (ok) {
          lock.unlock();
        }
        got.complete(ok);
      } catch (Throwable e) {
        got.completeExceptionally(e);
      }
    });
    lock.unlock();
    assertThat(got.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void tryLockTimed_interrupted_throws(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread t = startBlocked(() -> {
      try {
        outcome.set(new AssertionError("returned " + lock.tryLock(30, TimeUnit.SECONDS)));
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    t.interrupt();
    t.join(10_000);
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> lock.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    lock.unlock();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void tryLockTimed_nonPositive_doesNotWait(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    assertThat(others.submit(() -> lock.tryLock(0, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(others.submit(() -> lock.tryLock(-5, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS)).isFalse();
    lock.unlock();
    assertThat(lock.tryLock(0, TimeUnit.SECONDS)).isTrue();
    lock.unlock();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lock_ignoresInterrupts_butKeepsTheFlag(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    lock.lock();
    AtomicBoolean flagAfter = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = startBlocked(() -> {
      try {
        lock.lock();
        flagAfter.set(Thread.currentThread().isInterrupted());
        lock.unlock();
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.interrupt();
    await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.WAITING);
    assertThat(t.isAlive()).isTrue();
    lock.unlock();
    t.join(10_000);
    assertThat(failure.get()).isNull();
    assertThat(flagAfter.get()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void mutualExclusion_underContention(Supplier<Lock> impl) throws Exception {
    Lock lock = impl.get();
    int[] shared = {0};
    int threads = 4;
    int rounds = 50;
    CompletableFuture<?>[] all = new CompletableFuture<?>[threads];
    for (int i = 0; i < threads; i++) {
      all[i] = CompletableFuture.runAsync(() -> {
        for (int r = 0; r < rounds; r++) {
          lock.lock();
          try {
            int v = shared[0];
            Thread.yield();
            shared[0] = v + 1;
          } finally {
            lock.unlock();
          }
        }
      }, others);
    }
    CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
    assertThat(shared[0]).isEqualTo(threads * rounds);
  }
}
