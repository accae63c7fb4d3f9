package io.dsync.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An unlock whose answer is lost: the release keeps being re-sent with the same invocation until
 * the cluster answers, the hold is never leaked nor released twice, and the thread's next lock()
 * of the same lock is ordered after it.
 */
@ExtendWith(NoLeakedThreads.class)
class UnconfirmedReleaseTest {

  /** Wraps an engine; the first {@code lose} releases are applied (or not) but never answered. */
  private static final class LossyEngine extends ForwardingLockEngine {
    final LocalLockEngine delegate;
    final AtomicInteger releasesToLose;
    final boolean applyLost;
    final AtomicInteger releasesSeen = new AtomicInteger();

    LossyEngine(int lose, boolean applyLost) {
      super(new LocalLockEngine());
      this.delegate = (LocalLockEngine) inner;
      this.releasesToLose = new AtomicInteger(lose);
      this.applyLost = applyLost;
    }

    @Override
    public CompletableFuture<LockResult> submit(LockCommand command) {
      if (command instanceof LockCommand.Release) {
        releasesSeen.incrementAndGet();
        if (releasesToLose.getAndDecrement() > 0) {
          if (applyLost) {
            delegate.submit(command); // applied, but the answer is lost on the way back
          }
          return new CompletableFuture<>();
        }
      }
      return delegate.submit(command);
    }
  }

  private static DsyncLocks client(LockEngine engine) {
    return DsyncLocks.builder().engine(engine).operationTimeoutMillis(200).leaseMillis(3_000).build();
  }

  @Test
  void lostAnswer_ofAnAppliedRelease_isResentOnce_andTheLockIsFreeAfterwards() throws Exception {
    try (LossyEngine engine = new LossyEngine(3, true); DsyncLocks locks = client(engine)) {
      DistributedLock l = locks.getLock("r");
      l.lock();
      assertThatThrownBy(l::unlock).isInstanceOf(LockException.class).hasMessageContaining("not confirmed");
      assertThat(l.isHeldByCurrentThread()).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.releasesSeen.get() >= 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.view("r").get().isEmpty());
      l.lock(); // a fresh grant, not a reentrant one on a leaked hold
      assertThat(engine.view("r").get().orElseThrow().holders().get(0).exclusiveCount()).isEqualTo(1);
      l.unlock();
      assertThat(engine.view("r").get()).isEmpty();
    }
  }

  @Test
  void releaseLostBeforeItWasApplied_isResent_soTheHoldIsNotLeaked() throws Exception {
    try (LossyEngine engine = new LossyEngine(2, false); DsyncLocks locks = client(engine)) {
      DistributedLock l = locks.getLock("r");
      l.lock();
      assertThatThrownBy(l::unlock).isInstanceOf(LockException.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.view("r").get().isEmpty());
      try (DsyncLocks other = client(engine.delegate)) {
        DistributedLock theirs = other.getLock("r");
        assertThat(theirs.tryLock()).isTrue();
        theirs.unlock();
      }
    }
  }

  @Test
  void nextLockOfTheSameThread_waitsForTheUnconfirmedRelease() throws Exception {
    try (LossyEngine engine = new LossyEngine(1, false); DsyncLocks locks = client(engine)) {
      DistributedLock l = locks.getLock("r");
      l.lock();
      assertThatThrownBy(l::unlock).isInstanceOf(LockException.class);
      l.lock(); // waits for the re-sent release, then gets a new grant
      assertThat(engine.view("r").get().orElseThrow().holders().get(0).exclusiveCount()).isEqualTo(1);
      assertThat(engine.releasesSeen.get()).isGreaterThanOrEqualTo(2);
      l.unlock();
      assertThat(engine.view("r").get()).isEmpty();
    }
  }
}
