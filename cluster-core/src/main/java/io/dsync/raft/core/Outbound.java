package io.dsync.raft.core;

/**
 * A message to send.
 *
 * @param to the receiver's member id
 * @param message the message
 */
public record Outbound(String to, RaftMessage message) {}
