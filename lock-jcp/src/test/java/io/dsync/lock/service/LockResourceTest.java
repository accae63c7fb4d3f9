package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.lock.LocalLockEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST resource called directly (the JSON mapping is covered by {@code LockRestIT}). */
@org.junit.jupiter.api.extension.ExtendWith(io.dsync.lock.NoLeakedThreads.class)
class LockResourceTest {
  private final LocalLockEngine engine = new LocalLockEngine();
  private final LockResource rest = new LockResource(engine);

  @AfterEach
  void tearDown() {
    engine.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Response r) {
    return (Map<String, Object>) r.getEntity();
  }

  private Response acquire(String res, String client, String type, Double timeout) {
    return rest.acquireAsync(new LockRequests.Acquire(res, client, type, timeout)).join();
  }

  private Response release(String res, String client) {
    return rest.release(new LockRequests.Release(res, client, null));
  }

  @Test
  void acquire_thenConflict_thenRelease_thenAcquire() {
    Response ok = acquire("r", "alice", "exclusive", 0.0);
    assertThat(ok.getStatus()).isEqualTo(200);
    assertThat(body(ok)).containsEntry("success", true).containsEntry("fence", 1L).containsEntry("lock_id", "r#1");
    Response busy = acquire("r", "bob", "shared", 0.0);
    assertThat(busy.getStatus()).isEqualTo(409);
    assertThat(body(busy)).containsEntry("success", false);
    assertThat(release("r", "alice").getStatus()).isEqualTo(200);
    assertThat(body(acquire("r", "bob", "shared", null))).containsEntry("success", true).containsEntry("fence", 2L);
  }

  @Test
  void sameClient_isReentrant() {
    assertThat(acquire("r", "alice", "exclusive", 0.0).getStatus()).isEqualTo(200);
    assertThat(acquire("r", "alice", "exclusive", 0.0).getStatus()).isEqualTo(200);
    assertThat(release("r", "alice").getStatus()).isEqualTo(200);
    assertThat(acquire("r", "bob", "exclusive", 0.0).getStatus()).isEqualTo(409);
    assertThat(release("r", "alice").getStatus()).isEqualTo(200);
    assertThat(acquire("r", "bob", "exclusive", 0.0).getStatus()).isEqualTo(200);
  }

  @Test
  void timedAcquire_timesOut_with409AndQueuePosition_andIsCancelled() {
    acquire("r", "alice", "exclusive", 0.0);
    Response late = acquire("r", "bob", "exclusive", 0.2);
    assertThat(late.getStatus()).isEqualTo(409);
    assertThat(body(late)).containsEntry("success", false).containsEntry("queue_position", 1);
    assertThat(body(late).get("message").toString()).contains("queue position 1");
    Map<String, Object> view = body(rest.one("r"));
    assertThat((List<?>) view.get("waiting")).isEmpty();
  }

  @Test
  void timedAcquire_grantedWhenReleasedDuringTheWait() throws Exception {
    acquire("r", "alice", "exclusive", 0.0);
    CompletableFuture<Response> bob = CompletableFuture.supplyAsync(() -> acquire("r", "bob", "exclusive", 30.0));
    await().atMost(Duration.ofSeconds(10)).until(() -> ((List<?>) body(rest.one("r")).get("waiting")).size() == 1);
    release("r", "alice");
    assertThat(bob.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
  }

  @Test
  void badInput_400WithReason_tableUnchanged() {
    acquire("r", "alice", "exclusive", 0.0);
    Map<String, Object> before = body(rest.all());
    assertThat(body(acquire("r", "bob", "upgrade", 0.0))).containsEntry("error", "bad_request")
        .containsEntry("message", "unknown lock_type 'upgrade' (expected shared or exclusive)");
    assertThat(acquire(null, "bob", "shared", 0.0).getStatus()).isEqualTo(400);
    assertThat(body(acquire("r", " ", "shared", 0.0))).containsEntry("message", "missing field: client_id");
    assertThat(acquire("r", "bob", "shared", -1.0).getStatus()).isEqualTo(400);
    assertThat(acquire("r", "bob", "shared", 1e9).getStatus()).isEqualTo(400);
    assertThat(rest.acquireAsync(null).join().getStatus()).isEqualTo(400);
    assertThat(rest.release(null).getStatus()).isEqualTo(400);
    assertThat(rest.release(new LockRequests.Release("r", "alice", "sideways")).getStatus()).isEqualTo(400);
    assertThat(body(rest.all())).isEqualTo(before);
  }

  @Test
  void releaseByNonHolder_409WithReason() {
    acquire("r", "alice", "exclusive", 0.0);
    Response r = release("r", "mallory");
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(body(r)).containsEntry("success", false)
        .containsEntry("message", "client 'mallory' does not hold 'r'");
    Response typed = rest.release(new LockRequests.Release("r", "mallory", "exclusive"));
    assertThat(typed.getStatus()).isEqualTo(409);
    assertThat(body(rest.one("r"))).containsEntry("type", "exclusive");
  }

  @Test
  void views_showTypeHoldersWaitingFence() {
    acquire("r", "alice", "shared", 0.0);
    acquire("r", "bob", "shared", 0.0);
    Map<String, Object> one = body(rest.one("r"));
    assertThat(one).containsEntry("type", "shared").containsEntry("fence", 2L);
    assertThat((List<?>) one.get("holders")).hasSize(2);
    assertThat(one.get("holders").toString()).contains("client_id=alice", "client_id=bob");
    assertThat(body(rest.one("nothing"))).containsEntry("type", "free");
    Map<String, Object> all = body(rest.all());
    assertThat((List<?>) all.get("locks")).hasSize(1);
    assertThat(all).containsEntry("active_locks", 1).containsEntry("waiting_requests", 0);
  }

  @Test
  void deadlock_409NamingTheCycle() throws Exception {
    acquire("a", "alice", "exclusive", 0.0);
    acquire("b", "bob", "exclusive", 0.0);
    CompletableFuture<Response> alice = CompletableFuture.supplyAsync(() -> acquire("b", "alice", "exclusive", 30.0));
    await().atMost(Duration.ofSeconds(10)).until(() -> ((List<?>) body(rest.one("b")).get("waiting")).size() == 1);
    Response refused = acquire("a", "bob", "exclusive", 30.0);
    assertThat(refused.getStatus()).isEqualTo(409);
    assertThat(body(refused).get("message").toString()).startsWith("deadlock: ");
    assertThat((List<?>) body(refused).get("cycle")).hasSize(2);
    release("b", "bob");
    assertThat(alice.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    assertThat(body(rest.all())).containsEntry("deadlocks_detected", 1L);
  }

  @Test
  void metrics_reportActiveWaitingAndDeadlocks() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (LockMetrics metrics = new LockMetrics(registry, engine, scheduler, 20)) {
      acquire("a", "alice", "exclusive", 0.0);
      acquire("b", "alice", "shared", 0.0);
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("active_locks").gauge().value() == 2.0);
      assertThat(registry.get("waiting_requests").gauge().value()).isZero();
      assertThat(registry.get("deadlocks_detected").functionCounter().count()).isZero();
      assertThat(metrics.last().lastFence()).isEqualTo(2);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
