package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Goal: a group's turns run one at a time, at most one is pending, inputs posted during a turn
 * (from elsewhere or from the loop itself) are handled by exactly one following turn, and timers
 * run turns without input. Method: a body that records what each turn saw, on both kinds of
 * executor a group runs on (its own single-thread executor, a Netty event loop); counts of
 * {@code execute} calls stand for wake-ups.
 */
@ParameterizedClass
@ValueSource(strings = {"own", "netty"})
class TurnsTest {
  @Parameter String kind;

  private ScheduledExecutorService executor;

  private ScheduledExecutorService executor() {
    executor = kind.equals("own") ? new ScheduledThreadPoolExecutor(1) : new DefaultEventLoop();
    return executor;
  }

  @AfterEach
  void shutdown() {
    if (executor != null) {
      stop(executor);
    }
  }

  private static void stop(ScheduledExecutorService ex) {
    if (ex instanceof io.netty.util.concurrent.EventExecutor e) {
      e.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    } else {
      ex.shutdownNow();
    }
  }

  /** A body that runs every queued input and records how many each turn ran. */
  private static final class Recorder implements Turns.Body {
    final List<Integer> perTurn = new CopyOnWriteArrayList<>();
    final AtomicInteger active = new AtomicInteger();
    volatile int overlaps;
    Turns turns;
    volatile CountDownLatch holdFirst = new CountDownLatch(0);
    volatile CountDownLatch inFirst = new CountDownLatch(1);
    Supplier<Long> next = () -> -1L;

    @Override
    public long turn() {
      if (active.incrementAndGet() > 1) {
        overlaps++;
      }
      try {
        int n = 0;
        for (Runnable r; (r = turns.poll()) != null; n++) {
          r.run();
        }
        boolean first = perTurn.isEmpty();
        perTurn.add(n);
        inFirst.countDown();
        if (first) {
          holdFirst.await(10, TimeUnit.SECONDS); // a turn still busy after its drain
        }
        return next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      } finally {
        active.decrementAndGet();
      }
    }
  }

  @Test
  void burstWhileATurnRuns_handledByOneMoreTurn_oneExecuteEach() throws Exception {
    Recorder body = new Recorder();
    body.holdFirst = new CountDownLatch(1);
    Turns turns = new Turns(executor(), body, () -> {});
    body.turns = turns;
    AtomicInteger handled = new AtomicInteger();
    turns.post(handled::incrementAndGet);
    body.inFirst.await(10, TimeUnit.SECONDS); // the first turn drained and is held
    for (int i = 0; i < 1000; i++) {
      turns.post(handled::incrementAndGet);
    }
    assertThat(turns.executes()).isEqualTo(1); // posts during a pending turn schedule nothing
    body.holdFirst.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1001);
    await().atMost(Duration.ofSeconds(10)).until(() -> body.perTurn.size() == 2);
    assertThat(body.perTurn).containsExactly(1, 1000);
    assertThat(turns.executes()).isEqualTo(2);
    assertThat(body.overlaps).isZero();
  }

  @Test
  void postInsideATurn_notRunInline_handledLaterInTheSameDrain() {
    Recorder body = new Recorder();
    Turns turns = new Turns(executor(), body, () -> {});
    body.turns = turns;
    List<String> order = new CopyOnWriteArrayList<>();
    turns.post(() -> {
      order.add("first");
      assertThat(turns.inTurn()).isTrue();
      turns.post(() -> order.add("posted on the loop")); // a message read by the same loop
      order.add("first done");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 3);
    assertThat(order).containsExactly("first", "first done", "posted on the loop");
    // posted inside a turn (a forward's answer completing there): the same turn's drain picks it
    // up, with no execute of its own
    assertThat(turns.executes()).isEqualTo(1);
    assertThat(turns.inTurn()).isFalse();
  }

  @Test
  void inputPostedOnTheLoopBetweenTurns_waitsForTheNextTurn() throws Exception {
    Recorder body = new Recorder();
    ScheduledExecutorService ex = executor();
    Turns turns = new Turns(ex, body, () -> {});
    body.turns = turns;
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch posted = new CountDownLatch(1);
    // another task of the same loop (as the transport's read of a message) posts twice
    ex.execute(() -> {
      turns.post(handled::incrementAndGet);
      turns.post(handled::incrementAndGet);
      assertThat(handled.get()).isZero(); // not inline: the turn follows this task
      posted.countDown();
    });
    posted.await(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 2);
    assertThat(body.perTurn).containsExactly(2);
    assertThat(turns.executes()).isEqualTo(1);
  }

  @Test
  void timer_runsATurnWithoutInput_andOnlyOne() {
    Recorder body = new Recorder();
    AtomicInteger calls = new AtomicInteger();
    body.next = () -> calls.incrementAndGet() == 1 ? 20L : -1L; // the first turn asks for one in 20 ms
    Turns turns = new Turns(executor(), body, () -> {});
    body.turns = turns;
    turns.request();
    await().atMost(Duration.ofSeconds(10)).until(() -> body.perTurn.size() == 2);
    assertThat(body.perTurn).containsExactly(0, 0);
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> body.perTurn.size() == 2);
  }

  @Test
  void zeroDelay_runsAnotherTurnAtOnce() {
    Recorder body = new Recorder();
    AtomicInteger calls = new AtomicInteger();
    body.next = () -> calls.incrementAndGet() < 3 ? 0L : -1L;
    Turns turns = new Turns(executor(), body, () -> {});
    body.turns = turns;
    turns.request();
    await().atMost(Duration.ofSeconds(10)).until(() -> body.perTurn.size() == 3);
    assertThat(turns.executes()).isEqualTo(3);
  }

  @Test
  void shutDownExecutor_postReportsRejection_andCanRetry() {
    AtomicInteger rejected = new AtomicInteger();
    Recorder body = new Recorder();
    ScheduledExecutorService ex = executor();
    stop(ex);
    await().atMost(Duration.ofSeconds(10)).until(ex::isTerminated);
    Turns turns = new Turns(ex, body, rejected::incrementAndGet);
    body.turns = turns;
    turns.post(() -> {});
    turns.post(() -> {});
    assertThat(rejected.get()).isEqualTo(2); // the flag was reset: nothing stays pending forever
    assertThat(body.perTurn).isEmpty();
  }

  @Test
  void bodyThrows_nextPostStillRunsATurn() {
    AtomicInteger turnsRun = new AtomicInteger();
    Turns[] self = new Turns[1];
    Turns turns = new Turns(executor(), () -> {
      for (Runnable r; (r = self[0].poll()) != null; ) {
        r.run();
      }
      if (turnsRun.incrementAndGet() == 1) {
        throw new IllegalStateException("a bug in the driver");
      }
      return -1;
    }, () -> {});
    self[0] = turns;
    turns.post(() -> {});
    await().atMost(Duration.ofSeconds(10)).until(() -> turnsRun.get() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      turns.post(() -> {}); // not stuck behind a pending flag left set
      return turnsRun.get() >= 2;
    });
  }
}
