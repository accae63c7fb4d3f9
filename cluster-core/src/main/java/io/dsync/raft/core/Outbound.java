package io.dsync.raft.core;

/**
 * A message to send.
 *
 * @param to the receiver's member id
 * @param message the message
 * @param early true when the message may leave before this record's writes are durable: a
 *     leader's AppendEntries and InstallSnapshot (Raft thesis §10.2.1 — the leader writes its
 *     own log in parallel with replication and counts itself only once
 *     {@link RaftCore#onPersisted} says its entries are durable)
 */
public record Outbound(String to, RaftMessage message, boolean early) {
  /** A message that waits for the writes of its record. */
  public Outbound(String to, RaftMessage message) {
    this(to, message, false);
  }
}
