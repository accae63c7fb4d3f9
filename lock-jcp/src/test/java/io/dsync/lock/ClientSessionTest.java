package io.dsync.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.lock.core.InvocationId;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(NoLeakedThreads.class)
class ClientSessionTest {

  @Test
  void ackedThrough_stopsBelowTheOldestUnansweredInvocation() {
    try (LocalLockEngine engine = new LocalLockEngine()) {
      ClientSession s = new ClientSession(engine, 10_000, 3_000, 10_000);
      try {
        assertThat(s.ackedThrough()).isZero();
        InvocationId one = s.nextInvocation();
        InvocationId two = s.nextInvocation();
        InvocationId three = s.nextInvocation();
        assertThat(s.ackedThrough()).isZero();
        s.done(one);
        s.done(three);
        assertThat(s.ackedThrough()).isEqualTo(1);
        s.done(two);
        assertThat(s.ackedThrough()).isEqualTo(3);
      } finally {
        s.close();
      }
    }
  }

  @Test
  void lockAndUnlock_leaveNothingInFlight() {
    try (LocalLockEngine engine = new LocalLockEngine(); DsyncLocks locks = DsyncLocks.create(engine)) {
      DistributedLock l = locks.getLock("x");
      for (int i = 0; i < 5; i++) {
        l.lock();
        l.unlock();
        assertThat(l.tryLock()).isTrue();
        l.unlock();
      }
      // every invocation answered: the heartbeat may let the table forget all their results
      assertThat(locks.sessionForTest().ackedThrough()).isEqualTo(20);
    }
  }
}
