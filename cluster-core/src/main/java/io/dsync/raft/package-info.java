/**
 * Raft for dsync: the {@link io.dsync.raft.StateMachine} SPI, client sessions
 * ({@link io.dsync.raft.SessionStateMachine}), the single-threaded
 * {@link io.dsync.raft.RaftReplica} that performs a core's effects, and the driver
 * ({@link io.dsync.raft.RaftNode}) and node service that run it over the transport.
 * The protocol itself lives in the pure package {@code io.dsync.raft.core}.
 */
@NullMarked
package io.dsync.raft;

import org.jspecify.annotations.NullMarked;
