package io.dsync.lock.core;

/**
 * A queued request, as seen in a {@link LockView}.
 *
 * @param owner who waits
 * @param mode the requested mode
 * @param invocation the acquire command
 * @param position 1-based place in the queue
 */
public record WaiterView(Owner owner, LockMode mode, InvocationId invocation, int position) {}
