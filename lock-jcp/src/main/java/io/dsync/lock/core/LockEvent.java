package io.dsync.lock.core;

/**
 * Something a driver must deliver to a client other than the one whose command was applied:
 * a queued request was granted or cancelled, or a session ended.
 */
public sealed interface LockEvent {
  /**
   * A queued request was granted.
   *
   * @param invocation the acquire command that queued
   * @param owner the new holder
   * @param resource the resource
   * @param mode the granted mode
   * @param fence the fencing token of this grant
   */
  record Granted(InvocationId invocation, Owner owner, String resource, LockMode mode, long fence)
      implements LockEvent {}

  /**
   * A queued request ended without a grant.
   *
   * @param invocation the acquire command that queued
   * @param owner its owner
   * @param resource the resource
   * @param reason {@link Status#CANCELLED} for an explicit cancel or {@link Status#UNKNOWN_SESSION}
   *     when the session expired or closed
   */
  record Cancelled(InvocationId invocation, Owner owner, String resource, Status reason) implements LockEvent {}

  /**
   * A session ended: everything it held was released and everything it waited for cancelled.
   *
   * @param sessionId the session
   * @param expired true if its lease ran out, false if it was closed
   */
  record SessionEnded(long sessionId, boolean expired) implements LockEvent {}
}
