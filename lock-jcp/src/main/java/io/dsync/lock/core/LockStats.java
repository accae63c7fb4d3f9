package io.dsync.lock.core;

/**
 * Counters of the table.
 *
 * @param activeLocks resources currently held
 * @param waitingRequests requests currently queued
 * @param deadlocksDetected cycles found since the table began (kept in snapshots)
 * @param deadlockVictims requests refused to break a cycle (kept in snapshots)
 * @param lastFence the largest fencing token issued
 * @param sessions open sessions
 */
public record LockStats(int activeLocks, int waitingRequests, long deadlocksDetected, long deadlockVictims, long lastFence, int sessions) {}
