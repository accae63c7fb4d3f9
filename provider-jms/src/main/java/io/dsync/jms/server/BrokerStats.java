package io.dsync.jms.server;

/**
 * Broker-wide figures, read at one moment (for metrics).
 *
 * @param queues queues, temporary queues and subscriptions
 * @param messages messages held in all of them
 * @param storedBytes what those messages count against the memory budget
 * @param maxStoredBytes the memory budget ({@code maxStoredBytes})
 * @param walSyncs syncs of the WAL so far (0 without one)
 * @param walCompactions compactions of the WAL while running so far
 */
public record BrokerStats(int queues, int messages, long storedBytes, long maxStoredBytes, long walSyncs,
    long walCompactions) {}
