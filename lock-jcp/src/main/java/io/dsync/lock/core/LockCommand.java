package io.dsync.lock.core;

/**
 * A command for the lock table. Commands travel through the Raft log (see {@link LockCodec});
 * the time of a command is not part of it but is stamped on the log entry by the node that
 * submits it.
 *
 * <p>Retries: {@link Acquire} and {@link Release} carry an {@link InvocationId} and apply at most
 * once; the others are idempotent by themselves ({@link OpenSession} renews, {@link KeepAlive} and
 * {@link Tick} only move time, {@link Cancel} answers the same outcome again, a second
 * {@link CloseSession} finds no session).
 */
public sealed interface LockCommand {
  /**
   * Opens a session, or renews it with a new lease if it exists (so a retry is harmless).
   *
   * @param sessionId chosen by the client, unique (random 64 bits)
   * @param leaseMillis how long the session lives without a heartbeat
   */
  record OpenSession(long sessionId, long leaseMillis) implements LockCommand {}

  /**
   * A heartbeat: renews the session's lease, and lets the table forget the stored results of
   * invocations the client will not retry (Raft thesis §6.3).
   *
   * @param sessionId the session
   * @param ackedThrough every invocation of the session with a sequence up to this one has been
   *     answered and will not be retried (0: no promise)
   */
  record KeepAlive(long sessionId, long ackedThrough) implements LockCommand {
    /** A heartbeat that promises nothing about retries. */
    public KeepAlive(long sessionId) {
      this(sessionId, 0);
    }
  }

  /**
   * Ends a session: releases everything it holds and cancels everything it waits for.
   *
   * @param sessionId the session
   */
  record CloseSession(long sessionId) implements LockCommand {}

  /**
   * Asks for a resource.
   *
   * @param invocation the session and sequence of this request
   * @param threadId the owner inside the session (reentrancy is per session and thread)
   * @param resource the resource name, not blank
   * @param mode shared or exclusive
   * @param waitIfBusy false for a try-lock (refused instead of queued)
   */
  record Acquire(InvocationId invocation, long threadId, String resource, LockMode mode, boolean waitIfBusy)
      implements LockCommand {
    /** The owner of this request. */
    public Owner owner() {
      return new Owner(invocation.sessionId(), threadId);
    }
  }

  /**
   * Gives back one hold of a resource.
   *
   * @param invocation the session and sequence of this request
   * @param threadId the owner inside the session
   * @param resource the resource
   * @param mode the mode of the hold to give back
   */
  record Release(InvocationId invocation, long threadId, String resource, LockMode mode) implements LockCommand {
    /** The owner of this request. */
    public Owner owner() {
      return new Owner(invocation.sessionId(), threadId);
    }
  }

  /**
   * Cancels a queued acquire (a timed-out or interrupted wait). Idempotent. If the acquire was
   * already granted the result says {@link Status#GRANTED} with its fence, and the caller holds
   * the lock; if the acquire has not arrived yet, it is refused when it does.
   *
   * @param target the invocation of the acquire to cancel
   */
  record Cancel(InvocationId target) implements LockCommand {}

  /** Carries only time: lets the table expire sessions when no other command arrives. */
  record Tick() implements LockCommand {}
}
