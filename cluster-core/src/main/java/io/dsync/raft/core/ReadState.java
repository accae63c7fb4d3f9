package io.dsync.raft.core;

/**
 * A read request that may now be served: once the state machine has applied
 * {@code readIndex}, a query answers linearizably (thesis §6.4).
 *
 * @param requestId the id the caller passed to {@link RaftCore#readIndex}
 * @param readIndex the commit index at the time leadership was confirmed
 */
public record ReadState(long requestId, long readIndex) {}
