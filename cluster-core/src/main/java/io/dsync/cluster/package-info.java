/**
 * Cluster membership: node identity ({@link io.dsync.cluster.NodeId}), the static member list,
 * and failure detection by heartbeats.
 *
 * <p>{@link io.dsync.cluster.FailureDetector} is a pure core (no threads, clocks, randomness or
 * I/O; time comes in with every input) and {@link io.dsync.cluster.HeartbeatDriver} its thin
 * driver over a {@link io.dsync.net.Transport}. Invariants: the local node is always alive; a
 * peer is alive only after a heartbeat and suspect after more than the timeout of silence; every
 * change is published to {@link io.dsync.cluster.Membership} as an event, in order.
 */
package io.dsync.cluster;
