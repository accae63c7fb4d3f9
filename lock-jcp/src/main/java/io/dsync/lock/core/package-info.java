/**
 * The lock state machine: a pure, deterministic lock table that Raft replicates.
 *
 * <p>Nothing in this package uses threads, clocks, randomness or I/O (an ArchUnit test in
 * {@code CorePurityTest} keeps it so). Time enters only as the {@code nowMillis} argument of
 * {@link io.dsync.lock.core.LockTable#apply}, which the leader stamps on each log entry; the
 * machine never reads a clock. Iteration uses ordered maps so every replica that applies the same
 * commands from the same snapshot reaches the same state and returns the same results.
 *
 * <p>Invariants the table keeps after every command:
 *
 * <ul>
 *   <li>a resource is held either by one owner in exclusive mode (that owner may also hold it
 *       shared) or by any number of owners in shared mode;
 *   <li>an owner ({@code session + thread}) waits for at most one resource at a time, and never
 *       for a resource it already holds;
 *   <li>waiters are granted strictly in FIFO order, so a writer is not starved by later readers;
 *   <li>the wait-for graph is acyclic: a wait that would close a cycle is refused with a deadlock
 *       result (the newest request in the cycle is always the refused one);
 *   <li>the fencing token only grows, across snapshots and restores;
 *   <li>a command carrying an invocation id already applied returns the stored result and changes
 *       nothing.
 * </ul>
 *
 * <p>The machine never wakes anyone: {@link io.dsync.lock.core.Applied#events()} lists the
 * grants and cancellations a driver must deliver.
 */
package io.dsync.lock.core;
