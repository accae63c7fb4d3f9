package io.dsync.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Goal: what a fenced resource sees. Method: threads of several sessions take turns on one lock
 * and write their fence into a log guarded only by the fence check a real resource would do; every
 * write must be accepted (each holder's fence is larger than every earlier holder's) and no two
 * holders may overlap.
 */
@org.junit.jupiter.api.extension.ExtendWith(NoLeakedThreads.class)
class FencingUnderContentionTest {

  @Test
  void fencesSeenInsideTheLock_strictlyGrow() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (LocalLockEngine engine = new LocalLockEngine();
        DsyncLocks s1 = DsyncLocks.create(engine);
        DsyncLocks s2 = DsyncLocks.create(engine);
        DsyncLocks s3 = DsyncLocks.create(engine)) {
      DsyncLocks[] sessions = {s1, s2, s3};
      List<Long> accepted = new ArrayList<>();
      int[] inside = {0};
      List<String> problems = new ArrayList<>();
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        DistributedLock lock = sessions[t % 3].getLock("fenced");
        all.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 30; i++) {
            lock.lock();
            try {
              synchronized (accepted) {
                if (++inside[0] != 1) {
                  problems.add("two holders at once");
                }
                long fence = lock.getFence();
                if (!accepted.isEmpty() && fence <= accepted.get(accepted.size() - 1)) {
                  problems.add("stale fence " + fence + " after " + accepted.get(accepted.size() - 1));
                }
                accepted.add(fence);
                inside[0]--;
              }
            } finally {
              lock.unlock();
            }
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(problems).isEmpty();
      assertThat(accepted).hasSize(180).isSorted().doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
