package io.dsync.lock.service;

import io.dsync.lock.LockEngine;
import io.dsync.lock.core.HolderView;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockMode;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockStats;
import io.dsync.lock.core.LockView;
import io.dsync.lock.core.Owner;
import io.dsync.lock.core.Status;
import io.dsync.lock.core.WaitEdge;
import io.dsync.lock.core.WaiterView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lock admin REST API: {@code POST /locks/acquire}, {@code POST /locks/release},
 * {@code GET /locks}, {@code GET /locks/{resource}}. JSON in and out; every answer of the two POSTs
 * has {@code success} and {@code message}. Bad input (missing field, unknown lock type, bad
 * timeout) is a 400; a refusal (busy, timed out, deadlock, release by a non-holder) is a 409;
 * the lock table is unchanged by either. A timed-out acquire is cancelled in the log; if the
 * cancel finds it already granted, the answer is a success.
 *
 * <p>A thread-safe singleton. {@code acquire} answers asynchronously after at most
 * {@code timeout_seconds} (at most {@link #MAX_TIMEOUT_SECONDS}) without holding a request thread;
 * the other calls block their request thread for one round trip (bounded at 10 s).
 */
@Path("/locks")
@Produces(MediaType.APPLICATION_JSON)
public final class LockResource {
  /** The longest wait an acquire may ask for. */
  public static final double MAX_TIMEOUT_SECONDS = 300;
  /** Lease of REST sessions: a REST client's locks go after this long without a call from it. */
  public static final long DEFAULT_REST_LEASE_MILLIS = 300_000;
  private static final long OPERATION_TIMEOUT_MILLIS = 10_000;

  private final LockEngine engine;
  private final Executor resumer;
  private final RestSessions sessions = new RestSessions();
  private final long restLeaseMillis;

  /** A resource over the engine with the default REST lease; responses resume on the completing thread. */
  public LockResource(LockEngine engine) {
    this(engine, DEFAULT_REST_LEASE_MILLIS, Runnable::run);
  }

  /**
   * A resource over the engine with the given REST session lease. Suspended responses are resumed
   * on {@code resumer}: the engine may complete on a thread that must not block on a client's
   * socket (the Raft thread).
   */
  public LockResource(LockEngine engine, long restLeaseMillis, Executor resumer) {
    this.engine = engine;
    this.restLeaseMillis = restLeaseMillis;
    this.resumer = resumer;
  }

  /**
   * Acquires a lock for {@code client_id}, waiting up to {@code timeout_seconds}. Asynchronous: no
   * request thread is held while the request waits in the lock queue.
   */
  @POST
  @Path("acquire")
  @Consumes(MediaType.APPLICATION_JSON)
  public void acquire(LockRequests.Acquire body, @Suspended AsyncResponse async) {
    acquireAsync(body).whenCompleteAsync((response, failure) -> async.resume(failure == null ? response
        : error(503, "the lock manager failed: " + failure.getMessage())), resumer);
  }

  /** The answer of {@link #acquire}, when it is ready; never fails (errors are responses). */
  public CompletableFuture<Response> acquireAsync(LockRequests.Acquire body) {
    if (body == null) {
      return CompletableFuture.completedFuture(bad("missing JSON body {resource, client_id, lock_type, timeout_seconds}"));
    }
    String problem = missing(body.resource(), body.clientId());
    if (problem != null) {
      return CompletableFuture.completedFuture(bad(problem));
    }
    LockMode mode;
    try {
      mode = body.lockType() == null ? LockMode.EXCLUSIVE : LockMode.parse(body.lockType());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(bad(e.getMessage().replace("lock mode", "lock_type")));
    }
    double timeout = body.timeoutSeconds() == null ? 0 : body.timeoutSeconds();
    if (!(timeout >= 0 && timeout <= MAX_TIMEOUT_SECONDS)) {
      return CompletableFuture.completedFuture(bad("timeout_seconds must be between 0 and " + (int) MAX_TIMEOUT_SECONDS
          + ", was " + body.timeoutSeconds()));
    }
    long session = sessions.sessionOf(body.clientId());
    long waitMillis = (long) (timeout * 1000);
    LockCommand.Acquire cmd = new LockCommand.Acquire(sessions.next(session), RestSessions.REST_THREAD, body.resource(),
        mode, waitMillis > 0);
    return acquireInSession(session, cmd, waitMillis, true)
        .thenApply(r -> acquireAnswer(body, r, timeout))
        .exceptionally(t -> {
          Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
          return cause instanceof TimeoutException
              ? error(503, "the lock manager did not answer in time; the outcome is unknown")
              : error(503, "the lock manager failed: " + cause.getMessage());
        });
  }

  private CompletableFuture<LockResult> acquireInSession(long session, LockCommand.Acquire cmd, long waitMillis,
      boolean mayOpen) {
    return waitFor(cmd, waitMillis).thenCompose(r -> {
      if (r.status() != Status.UNKNOWN_SESSION || !mayOpen) {
        return CompletableFuture.completedFuture(r);
      }
      // first use, or expired: open (idempotent) and try once more
      return bounded(engine.submit(new LockCommand.OpenSession(session, restLeaseMillis))).thenCompose(opened ->
          opened.status() != Status.OK ? CompletableFuture.completedFuture(opened)
              : acquireInSession(session, new LockCommand.Acquire(sessions.next(session), cmd.threadId(), cmd.resource(),
                  cmd.mode(), cmd.waitIfBusy()), waitMillis, false));
    });
  }

  /** Submits an acquire; at its deadline cancels it and answers the cancel's outcome. */
  private CompletableFuture<LockResult> waitFor(LockCommand.Acquire cmd, long waitMillis) {
    CompletableFuture<LockResult> timed = engine.submit(cmd).copy()
        .completeOnTimeout(null, cmd.waitIfBusy() ? waitMillis : OPERATION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    return timed.thenCompose(r -> {
      if (r != null) {
        return CompletableFuture.completedFuture(r);
      }
      if (!cmd.waitIfBusy()) {
        return CompletableFuture.failedFuture(new TimeoutException("no answer"));
      }
      return bounded(engine.submit(new LockCommand.Cancel(cmd.invocation())));
    });
  }

  private static <T> CompletableFuture<T> bounded(CompletableFuture<T> f) {
    return f.orTimeout(OPERATION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private Response acquireAnswer(LockRequests.Acquire body, LockResult r, double timeout) {
    Map<String, Object> out = answer(r.status() == Status.GRANTED, "");
    switch (r.status()) {
      case GRANTED -> {
        out.put("message", "acquired '" + body.resource() + "'");
        out.put("lock_id", body.resource() + "#" + r.fence());
        out.put("fence", r.fence());
        return Response.ok(out).build();
      }
      case CANCELLED -> {
        out.put("message", "not acquired within " + timeout + " s; was at queue position " + r.queuePosition());
        out.put("queue_position", r.queuePosition());
        return status(409, out);
      }
      case DEADLOCK -> {
        out.put("message", r.message());
        out.put("cycle", cycle(r.cycle()));
        return status(409, out);
      }
      case BAD_COMMAND -> {
        out.put("message", r.message());
        return status(400, out);
      }
      default -> {
        out.put("message", r.message());
        return status(409, out);
      }
    }
  }

  /** Releases one hold of {@code client_id} on {@code resource}. */
  @POST
  @Path("release")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response release(LockRequests.Release body) {
    if (body == null) {
      return bad("missing JSON body {resource, client_id}");
    }
    String problem = missing(body.resource(), body.clientId());
    if (problem != null) {
      return bad(problem);
    }
    long session = sessions.sessionOf(body.clientId());
    Owner owner = new Owner(session, RestSessions.REST_THREAD);
    try {
      LockMode mode;
      if (body.lockType() != null) {
        try {
          mode = LockMode.parse(body.lockType());
        } catch (IllegalArgumentException e) {
          return bad(e.getMessage().replace("lock mode", "lock_type"));
        }
      } else {
        Optional<HolderView> h = get(engine.view(body.resource()), OPERATION_TIMEOUT_MILLIS)
            .flatMap(v -> v.holders().stream().filter(x -> x.owner().equals(owner)).findFirst());
        if (h.isEmpty()) {
          return status(409, answer(false, "client '" + body.clientId() + "' does not hold '" + body.resource() + "'"));
        }
        mode = h.get().exclusiveCount() > 0 ? LockMode.EXCLUSIVE : LockMode.SHARED;
      }
      LockResult r = call(new LockCommand.Release(sessions.next(session), RestSessions.REST_THREAD, body.resource(), mode));
      if (r.status() == Status.OK) {
        return Response.ok(answer(true, "released '" + body.resource() + "'")).build();
      }
      String why = r.status() == Status.NOT_HOLDER || r.status() == Status.UNKNOWN_SESSION
          ? "client '" + body.clientId() + "' does not hold '" + body.resource() + "' " + name(mode)
          : r.message();
      return status(r.status() == Status.BAD_COMMAND ? 400 : 409, answer(false, why));
    } catch (TimeoutException e) {
      return error(503, "the lock manager did not answer in time; the outcome is unknown");
    }
  }

  /** Every lock somebody holds or waits for, with the table's counters. */
  @GET
  public Response all() {
    try {
      List<Map<String, Object>> locks = new ArrayList<>();
      for (LockView v : get(engine.views(), OPERATION_TIMEOUT_MILLIS)) {
        locks.add(json(v));
      }
      LockStats s = get(engine.stats(), OPERATION_TIMEOUT_MILLIS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("locks", locks);
      out.put("active_locks", s.activeLocks());
      out.put("waiting_requests", s.waitingRequests());
      out.put("deadlocks_detected", s.deadlocksDetected());
      out.put("last_fence", s.lastFence());
      engine.leaderId().ifPresent(l -> out.put("leader_id", l));
      return Response.ok(out).build();
    } catch (TimeoutException e) {
      return error(503, "the lock manager did not answer in time");
    }
  }

  /** One lock: type ({@code exclusive}, {@code shared} or {@code free}), holders, waiting, fence. */
  @GET
  @Path("{resource}")
  public Response one(@PathParam("resource") String resource) {
    try {
      Optional<LockView> v = get(engine.view(resource), OPERATION_TIMEOUT_MILLIS);
      return Response.ok(v.map(this::json).orElseGet(() -> {
        Map<String, Object> free = new LinkedHashMap<>();
        free.put("resource", resource);
        free.put("type", "free");
        free.put("holders", List.of());
        free.put("waiting", List.of());
        free.put("fence", 0);
        return free;
      })).build();
    } catch (TimeoutException e) {
      return error(503, "the lock manager did not answer in time");
    }
  }

  // ---- helpers ----

  private LockResult call(LockCommand c) throws TimeoutException {
    return get(engine.submit(c), OPERATION_TIMEOUT_MILLIS);
  }

  private static <T> T get(CompletableFuture<T> f, long millis) throws TimeoutException {
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("lock engine failed: " + cause.getMessage(), cause);
    }
  }

  private static String missing(String resource, String clientId) {
    if (resource == null || resource.isBlank()) {
      return "missing field: resource";
    }
    if (clientId == null || clientId.isBlank()) {
      return "missing field: client_id";
    }
    return null;
  }

  private Map<String, Object> answer(boolean success, String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", success);
    out.put("message", message);
    engine.leaderId().ifPresent(l -> out.put("leader_id", l));
    return out;
  }

  private Response bad(String message) {
    Map<String, Object> out = answer(false, message);
    out.put("error", "bad_request");
    return status(400, out);
  }

  private Response error(int code, String message) {
    return status(code, answer(false, message));
  }

  private static Response status(int code, Map<String, Object> body) {
    return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  private Map<String, Object> json(LockView v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("resource", v.resource());
    out.put("type", v.mode().map(LockResource::name).orElse("free"));
    List<Map<String, Object>> holders = new ArrayList<>();
    for (HolderView h : v.holders()) {
      Map<String, Object> m = owner(h.owner());
      m.put("exclusive_count", h.exclusiveCount());
      m.put("shared_count", h.sharedCount());
      m.put("fence", h.fence());
      holders.add(m);
    }
    out.put("holders", holders);
    List<Map<String, Object>> waiting = new ArrayList<>();
    for (WaiterView w : v.waiting()) {
      Map<String, Object> m = owner(w.owner());
      m.put("lock_type", name(w.mode()));
      m.put("position", w.position());
      waiting.add(m);
    }
    out.put("waiting", waiting);
    out.put("fence", v.fence());
    return out;
  }

  private Map<String, Object> owner(Owner o) {
    Map<String, Object> m = new LinkedHashMap<>();
    sessions.clientOf(o.sessionId()).ifPresent(c -> m.put("client_id", c));
    m.put("session", Long.toHexString(o.sessionId()));
    m.put("thread", o.threadId());
    return m;
  }

  private List<Map<String, Object>> cycle(List<WaitEdge> edges) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (WaitEdge e : edges) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("waiter", owner(e.waiter()));
      m.put("resource", e.resource());
      m.put("holder", owner(e.blocker()));
      out.add(m);
    }
    return out;
  }

  private static String name(LockMode m) {
    return m.name().toLowerCase(Locale.ROOT);
  }
}
