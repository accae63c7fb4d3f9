package io.dsync.lock;

import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockMode;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A cluster-wide {@link Lock} on a named resource, in exclusive mode (from
 * {@link DsyncLocks#getLock}) or as one side of a {@link DistributedReadWriteLock}.
 *
 * <p><b>Ownership.</b> Like {@link java.util.concurrent.locks.ReentrantLock}, the lock is owned by
 * a thread and is reentrant per thread: a thread that holds it may acquire it again and must
 * unlock it as many times. Reentrant acquisitions are counted locally and cost no round trip.
 * {@link #unlock()} by a thread that does not hold it throws {@link IllegalMonitorStateException}.
 * Across the cluster, the owner is this client's session plus the thread.
 *
 * <p><b>Fencing.</b> Every grant carries a fencing token, larger than every token issued before
 * in the cluster ({@link #getFence()}). Pass it to the resource you protect and have it reject
 * smaller tokens: a client that lost its session (a long pause, a partition) cannot then corrupt
 * what the new holder writes.
 *
 * <p><b>Blocking.</b> {@link #lock()} and {@link #lockInterruptibly()} block until granted;
 * {@link #tryLock()} asks once and never waits in the queue; {@link #tryLock(long, TimeUnit)}
 * waits at most about the given time. Waiters are served in FIFO order, and a deadlock among
 * lock holders is refused with {@link LockDeadlockException} instead of hanging.
 *
 * <p><b>Time-outs and interrupts.</b> A request that times out or is interrupted may already have
 * been granted in the replicated log. It is therefore cancelled through the engine with a
 * {@link LockCommand.Cancel} naming its invocation, and the cancel's answer decides: if the
 * request had already been granted, {@code tryLock(time, unit)} returns {@code true} (the caller
 * holds the lock, slightly after the deadline), and an interrupted {@code lockInterruptibly()}
 * releases the grant before throwing {@link InterruptedException}. A lock is never left granted to
 * a thread that was told it did not get it.
 *
 * <p><b>Failures.</b> If the session expires (no heartbeat for a lease), everything it held is
 * released in the cluster; a later {@link #unlock()} throws {@link IllegalMonitorStateException}
 * saying the lock was lost, and new acquisitions throw {@link LockException}.
 *
 * <p>Thread-safe. {@link #newCondition()} is not supported.
 */
public final class DistributedLock implements Lock {
  private static final class Hold {
    int count;
    final long fence;

    Hold(long fence) {
      this.count = 1;
      this.fence = fence;
    }
  }

  private final ClientSession session;
  private final String name;
  private final LockMode mode;
  /** Holds by thread id; each thread touches only its own entry. */
  private final ConcurrentHashMap<Long, Hold> holds = new ConcurrentHashMap<>();
  /**
   * By thread id: a release whose answer has not arrived yet (it is being re-sent). The thread's
   * next acquisition of this lock waits for it, so that the cluster sees the release first.
   */
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> unconfirmedReleases = new ConcurrentHashMap<>();

  DistributedLock(ClientSession session, String name, LockMode mode) {
    this.session = session;
    this.name = name;
    this.mode = mode;
  }

  /** The resource name. */
  public String name() {
    return name;
  }

  /** {@link LockMode#EXCLUSIVE} for a lock or a write lock, {@link LockMode#SHARED} for a read lock. */
  public LockMode mode() {
    return mode;
  }

  /**
   * Acquires the lock, waiting as long as it takes; interrupts do not stop the wait (the interrupt
   * flag is set again on return).
   *
   * @throws LockDeadlockException if waiting would deadlock (nothing is then held)
   * @throws LockException if the session is lost or the engine fails
   */
  @Override
  public void lock() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          acquire(true, -1, false);
          return;
        } catch (InterruptedException e) {
          interrupted = true; // not reachable with interruptible=false; kept for safety
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Acquires the lock unless the thread is interrupted first; an interrupted wait is cancelled
   * (see the class documentation).
   *
   * @throws InterruptedException if interrupted before or while waiting (nothing is then held)
   * @throws LockDeadlockException if waiting would deadlock
   * @throws LockException if the session is lost or the engine fails
   */
  @Override
  public void lockInterruptibly() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    acquire(true, -1, true);
  }

  /**
   * Acquires the lock only if it is free and nobody is queued for it (no barging past waiters),
   * with one round trip and no waiting in the queue.
   *
   * @return true if acquired
   * @throws LockException if the session is lost or the engine fails
   */
  @Override
  public boolean tryLock() {
    try {
      return acquire(false, -1, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Acquires the lock if it becomes available within the time; the wait is cancelled at the
   * deadline, and if the cancel finds the request already granted this returns true (see the
   * class documentation). A non-positive time asks once without waiting.
   *
   * @return true if acquired
   * @throws InterruptedException if interrupted before or while waiting (nothing is then held)
   * @throws LockDeadlockException if waiting would deadlock
   * @throws LockException if the session is lost or the engine fails
   */
  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long nanos = unit.toNanos(time);
    return nanos <= 0 ? acquire(false, -1, true) : acquire(true, nanos, true);
  }

  private boolean acquire(boolean wait, long timeoutNanos, boolean interruptible) throws InterruptedException {
    long thread = Thread.currentThread().getId();
    Hold h = holds.get(thread);
    if (h != null) {
      h.count++;
      return true;
    }
    session.checkUsable();
    awaitUnconfirmedRelease(thread, interruptible);
    InvocationId inv = session.nextInvocation();
    try {
      return acquire(inv, thread, wait, timeoutNanos, interruptible);
    } finally {
      session.done(inv);
    }
  }

  private boolean acquire(InvocationId inv, long thread, boolean wait, long timeoutNanos, boolean interruptible)
      throws InterruptedException {
    CompletableFuture<LockResult> f = session.engine.submit(new LockCommand.Acquire(inv, thread, name, mode, wait));
    long now = System.nanoTime();
    // A request that does not queue is still bounded: its answer may be lost on the way.
    long deadline = !wait ? now + TimeUnit.MILLISECONDS.toNanos(session.operationTimeoutMillis)
        : timeoutNanos < 0 ? -1 : now + timeoutNanos;
    LockResult r;
    try {
      r = await(f, deadline, interruptible);
    } catch (TimeoutException e) {
      return cancelled(inv, thread, false);
    } catch (InterruptedException e) {
      cancelled(inv, thread, true);
      throw e;
    }
    return outcome(r, thread);
  }

  /** Waits for the result; a negative deadline waits forever. */
  private LockResult await(CompletableFuture<LockResult> f, long deadlineNanos, boolean interruptible)
      throws InterruptedException, TimeoutException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return deadlineNanos < 0 ? f.get() : f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          if (interruptible) {
            throw e;
          }
          interrupted = true;
        } catch (ExecutionException e) {
          throw new LockException("lock '" + name + "': engine failed: " + e.getCause().getMessage(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Cancels a timed-out or interrupted wait. If the request was granted before the cancel was
   * applied, a timed-out caller keeps the lock (returns true); an interrupted caller gives it back.
   */
  private boolean cancelled(InvocationId inv, long thread, boolean interrupted) {
    LockResult r = session.call(new LockCommand.Cancel(inv));
    if (r.status() != Status.GRANTED) {
      if (!interrupted && r.status() != Status.CANCELLED) {
        return outcome(r, thread); // the request had ended otherwise (refused, deadlock): report that
      }
      return false;
    }
    if (!interrupted) {
      holds.put(thread, new Hold(r.fence()));
      return true;
    }
    release(thread);
    return false;
  }

  private boolean outcome(LockResult r, long thread) {
    switch (r.status()) {
      case GRANTED:
        holds.put(thread, new Hold(r.fence()));
        return true;
      case NOT_GRANTED:
      case CANCELLED:
        return false;
      case DEADLOCK:
        throw new LockDeadlockException(name, r.cycle(), r.message());
      case BAD_COMMAND:
        throw new IllegalArgumentException("lock '" + name + "': " + r.message());
      default:
        throw new LockException("lock '" + name + "': " + r.status() + ": " + r.message());
    }
  }

  /**
   * Releases one hold; the last one releases the lock in the cluster (one round trip).
   *
   * @throws IllegalMonitorStateException if the current thread does not hold the lock, or held it
   *     but lost it because its session expired
   * @throws LockException if the cluster does not answer within the operation timeout: the
   *     release keeps being re-sent in the background (it applies at most once), the thread no
   *     longer holds the lock here, and its next acquisition of this lock waits for the answer
   */
  @Override
  public void unlock() {
    long thread = Thread.currentThread().getId();
    Hold h = holds.get(thread);
    if (h == null) {
      throw new IllegalMonitorStateException("current thread does not hold lock '" + name + "' (" + modeName() + ")");
    }
    if (--h.count > 0) {
      return;
    }
    holds.remove(thread);
    LockResult r = release(thread);
    if (r.status() == Status.NOT_HOLDER || r.status() == Status.UNKNOWN_SESSION) {
      throw new IllegalMonitorStateException("lock '" + name + "' was lost before unlock: " + r.message());
    }
    if (r.status() != Status.OK) {
      throw new LockException("lock '" + name + "': release failed: " + r.message());
    }
  }

  /**
   * Sends the release of this thread's grant. If its answer does not come in time, the release
   * keeps being re-sent in the background (applied at most once) and this throws; the thread's
   * next acquisition of this lock waits until the release's outcome is known.
   */
  private LockResult release(long thread) {
    try {
      return session.release(new LockCommand.Release(session.nextInvocation(), thread, name, mode));
    } catch (ClientSession.UnconfirmedRelease e) {
      unconfirmedReleases.put(thread, e.settled());
      e.settled().whenComplete((v, t) -> unconfirmedReleases.remove(thread, e.settled()));
      throw new LockException("lock '" + name + "': release not confirmed (" + e.getMessage()
          + "); it is re-sent until the cluster answers, and this thread's next lock() of it waits for that", e);
    }
  }

  /** Waits (up to the operation timeout) until this thread's previous release of this lock is answered. */
  private void awaitUnconfirmedRelease(long thread, boolean interruptible) throws InterruptedException {
    CompletableFuture<Void> pending = unconfirmedReleases.get(thread);
    if (pending == null) {
      return;
    }
    try {
      await(pending.thenApply(v -> (LockResult) null),
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(session.operationTimeoutMillis), interruptible);
    } catch (TimeoutException e) {
      throw new LockException("lock '" + name + "': the previous release by this thread is still "
          + "unconfirmed after " + session.operationTimeoutMillis + " ms (the cluster does not answer)", e);
    }
  }

  /**
   * The fencing token of the current thread's grant: larger than every token issued before it.
   *
   * @throws IllegalMonitorStateException if the current thread does not hold the lock
   */
  public long getFence() {
    Hold h = holds.get(Thread.currentThread().getId());
    if (h == null) {
      throw new IllegalMonitorStateException("current thread does not hold lock '" + name + "'");
    }
    return h.fence;
  }

  /** True if the current thread holds this lock (as far as this client knows). Non-blocking. */
  public boolean isHeldByCurrentThread() {
    return holds.containsKey(Thread.currentThread().getId());
  }

  /** How many times the current thread holds this lock; 0 if not held. Non-blocking. */
  public int getHoldCount() {
    Hold h = holds.get(Thread.currentThread().getId());
    return h == null ? 0 : h.count;
  }

  /**
   * Not supported: a distributed condition needs its own design (waiting releases the lock and
   * signals must travel through the log). Always throws.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Condition newCondition() {
    throw new UnsupportedOperationException("DistributedLock '" + name + "' does not support conditions "
        + "(newCondition); use a separate lock or a queue to signal between processes");
  }

  private String modeName() {
    return mode == LockMode.EXCLUSIVE ? "exclusive" : "shared";
  }

  @Override
  public String toString() {
    return "DistributedLock[" + name + ", " + modeName() + ", session " + Long.toHexString(session.id) + "]";
  }
}
