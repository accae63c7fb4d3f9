package io.dsync.jms.broker;

import java.util.Comparator;

/** One message in one broker queue, with its delivery state. Mutable; engine-private. */
final class Entry {
  static final long NOBODY = -1L;
  static final long REST_LANE = -2L;

  /** Ready order: higher priority first, then arrival order. */
  static final Comparator<Entry> BY_PRIORITY =
      Comparator.comparingInt((Entry e) -> -e.message.priority()).thenComparingLong(e -> e.seq);

  /** Scheduled order: earliest delivery time first. */
  static final Comparator<Entry> BY_TIME =
      Comparator.comparingLong((Entry e) -> e.message.deliveryTime()).thenComparingLong(e -> e.seq);

  final long seq;
  final MessageQueue queue;
  final BrokerMessage message;
  final boolean logged;
  /** What the broker counts this entry against its memory budget ({@link BrokerMessage#approximateSize}). */
  final int size;
  /** How many times an application consumed this message. */
  int deliveryCount;
  /** The consumer holding it in flight, or {@link #NOBODY}. */
  long owner = NOBODY;
  /** Whether the current holder's application has seen it. */
  boolean consumed;
  /** REST lane: when it becomes visible again. */
  long visibleAgainAt;

  Entry(long seq, MessageQueue queue, BrokerMessage message, boolean logged) {
    this.seq = seq;
    this.queue = queue;
    this.message = message;
    this.logged = logged;
    this.size = message.approximateSize();
  }

  AckRef ref() {
    return new AckRef(queue.key, seq);
  }

  boolean inFlight() {
    return owner != NOBODY;
  }
}
