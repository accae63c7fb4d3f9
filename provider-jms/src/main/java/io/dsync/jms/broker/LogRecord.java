package io.dsync.jms.broker;

import java.util.List;

/** What the engine asks to be written to the WAL; replaying the records rebuilds the engine. */
public sealed interface LogRecord {

  /**
   * A message stored in a broker queue.
   *
   * @param queue broker queue key
   * @param seq entry sequence number
   * @param message the message
   */
  record Stored(String queue, long seq, BrokerMessage message) {}

  /**
   * An atomic group: messages stored and entries acknowledged together (a send, a transaction
   * commit, a move to the dead-letter queue, an expiry).
   *
   * @param stored messages added
   * @param acks entries removed
   */
  record Commit(List<Stored> stored, List<AckRef> acks) implements LogRecord {
    /** Copies the lists. */
    public Commit {
      stored = List.copyOf(stored);
      acks = List.copyOf(acks);
    }

    /** True when the group stores messages (so a confirmed send depends on it). */
    public boolean storesMessages() {
      return !stored.isEmpty();
    }
  }

  /**
   * The application consumed an entry (it will come back redelivered if not acknowledged).
   *
   * @param ref the entry
   */
  record Consumed(AckRef ref) implements LogRecord {}

  /**
   * A durable subscription was created.
   *
   * @param queue the subscription's broker queue key
   * @param topic the topic name
   * @param selector the selector text ("" for none)
   * @param noLocal the noLocal flag
   * @param shared true for a shared durable subscription
   */
  record SubscriptionAdded(String queue, String topic, String selector, boolean noLocal, boolean shared)
      implements LogRecord {}

  /**
   * A durable subscription was removed (unsubscribe, or replaced by one with another topic or
   * selector).
   *
   * @param queue the subscription's broker queue key
   */
  record SubscriptionRemoved(String queue) implements LogRecord {}
}
