package io.dsync.lock.core;

/**
 * A queued request.
 *
 * @param owner who waits
 * @param resource for what
 * @param mode in which mode
 * @param invocation the acquire command that queued it
 * @param age the table's apply counter when it queued: larger is younger
 */
record Waiter(Owner owner, String resource, LockMode mode, InvocationId invocation, long age) {}
