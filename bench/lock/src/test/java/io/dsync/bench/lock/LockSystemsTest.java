package io.dsync.bench.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every benchmarked lock system starts, excludes a second thread, and hands the lock over. */
class LockSystemsTest {
  @ParameterizedTest
  @ValueSource(strings = {"dsync-fsync", "dsync-nofsync", "dsync-fsync-remote", "hazelcast-cp"})
  void system_starts_excludesOtherThreads_handsOver(String name) throws Exception {
    try (LockSystem system = LockSystem.start(name)) {
      Lock lock = system.lock("test");
      lock.lock();
      try {
        assertThat(CompletableFuture.supplyAsync(() -> system.lock("test").tryLock()).get(60, TimeUnit.SECONDS))
            .as("another thread while held").isFalse();
      } finally {
        lock.unlock();
      }
      assertThat(CompletableFuture.supplyAsync(() -> {
        Lock other = system.lock("test");
        boolean got = other.tryLock();
        if (got) {
          other.unlock();
        }
        return got;
      }).get(60, TimeUnit.SECONDS)).as("another thread once released").isTrue();
    }
  }

  @Test
  void unknownSystem_clearError() {
    assertThatThrownBy(() -> LockSystem.start("zookeeper")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown lock system 'zookeeper'");
  }
}
