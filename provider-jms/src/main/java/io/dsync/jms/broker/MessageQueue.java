package io.dsync.jms.broker;

import io.dsync.jms.selector.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A broker queue: a JMS queue, a temporary queue, or the queue behind one topic subscription.
 * Mutable; engine-private.
 */
final class MessageQueue {
  final String key;
  /** Whether persistent messages here are written to the WAL. */
  final boolean durableStorage;
  /** Owning connection for temporary destinations and non-durable subscriptions, or null. */
  final String ownerConnection;
  final TreeSet<Entry> ready = new TreeSet<>(Entry.BY_PRIORITY);
  final TreeSet<Entry> scheduled = new TreeSet<>(Entry.BY_TIME);
  final Map<Long, Entry> entries = new LinkedHashMap<>();
  final List<ConsumerState> consumers = new ArrayList<>();
  final Map<String, Long> groupOwners = new HashMap<>();
  int roundRobin;
  long enqueued;
  long dequeued;
  long acked;
  /** The sizes of its entries added up ({@link Entry#size}). */
  long bytes;

  // subscription details (null topic for plain queues)
  String topic;
  Selector selector = null;
  String selectorText = "";
  boolean noLocal;
  boolean shared;
  boolean durableSubscription;

  MessageQueue(String key, boolean durableStorage, String ownerConnection) {
    this.key = key;
    this.durableStorage = durableStorage;
    this.ownerConnection = ownerConnection;
  }

  /** Adds an entry (its seq is new to this queue). */
  void put(Entry e) {
    if (entries.put(e.seq, e) != null) {
      throw new IllegalStateException("entry " + e.seq + " is already in queue " + key);
    }
    bytes += e.size;
  }

  /** Removes an entry; returns it, or null when it was not here. */
  Entry remove(long seq) {
    Entry e = entries.remove(seq);
    if (e != null) {
      bytes -= e.size;
    }
    return e;
  }

  boolean isSubscription() {
    return topic != null;
  }

  int inFlight() {
    return entries.size() - ready.size() - scheduled.size();
  }

  QueueStats stats(String name) {
    return new QueueStats(name, entries.size(), inFlight(), consumers.size(), enqueued, dequeued, acked);
  }
}
