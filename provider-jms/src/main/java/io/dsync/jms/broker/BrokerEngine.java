package io.dsync.jms.broker;

import io.dsync.jms.broker.BrokerException.Kind;
import io.dsync.jms.selector.Selector;
import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The single-node broker engine: queues, topics with their subscriptions, consumers with
 * prefetch credit, acknowledgement, redelivery with a dead-letter queue, expiry and delivery
 * delay. Not thread-safe: the driver calls it under one lock and performs the returned
 * {@link Effects}. Pure: no threads, clocks or I/O; every input carries {@code nowMillis}.
 */
public final class BrokerEngine {
  /** Property naming where a dead-lettered message was first sent. */
  public static final String ORIGINAL_DESTINATION = "_DSYNC_ORIGINAL_DESTINATION";

  private final BrokerLimits limits;
  private final Map<String, MessageQueue> queues = new LinkedHashMap<>();
  private final Map<String, TopicState> topics = new LinkedHashMap<>();
  /** The sizes of the entries of all queues added up: what the memory budget counts. */
  private long storedBytes;
  private final Map<Long, ConsumerState> consumers = new HashMap<>();
  private final Map<String, String> clientIds = new HashMap<>();
  private final Map<String, Entry> restInFlight = new LinkedHashMap<>();
  /** Every consumer's connection, kept after the consumer closes until its connection does. */
  private final Map<Long, String> consumerConnections = new HashMap<>();
  private long nextSeq = 1;

  private List<LogRecord> records = new ArrayList<>();
  private List<Delivery> deliveries = new ArrayList<>();

  /** A topic: its subscriptions' queue keys and, for a temporary topic, the owner. */
  private static final class TopicState {
    final String owner;
    final Set<String> subscriptions = new LinkedHashSet<>();

    TopicState(String owner) {
      this.owner = owner;
    }
  }

  /** An engine with the given limits and nothing in it. */
  public BrokerEngine(BrokerLimits limits) {
    this.limits = limits;
  }

  /** The limits. */
  public BrokerLimits limits() {
    return limits;
  }

  // ---------------------------------------------------------------- connections

  /** Claims a client id for a connection; INVALID_CLIENT_ID when another connection holds it. */
  public void claimClientId(String connectionId, String clientId) {
    String holder = clientIds.get(clientId);
    if (holder != null && !holder.equals(connectionId)) {
      throw new BrokerException(Kind.INVALID_CLIENT_ID, "client id '" + clientId + "' is in use by another connection");
    }
    clientIds.put(clientId, connectionId);
  }

  /**
   * Forgets a closed (or vanished) connection: its client id, consumers and temporary
   * destinations; whatever its consumers still hold in flight (consumed or not) goes back to the
   * queues, consumed entries as redelivered.
   */
  public Effects connectionClosed(String connectionId, long nowMillis) {
    clientIds.values().removeIf(connectionId::equals);
    for (ConsumerState c : new ArrayList<>(consumers.values())) {
      if (c.spec.connectionId().equals(connectionId)) {
        removeConsumerInternal(c, nowMillis);
      }
    }
    Set<Long> owned = new HashSet<>();
    consumerConnections.entrySet().removeIf(e -> {
      if (e.getValue().equals(connectionId)) {
        owned.add(e.getKey());
        return true;
      }
      return false;
    });
    if (!owned.isEmpty()) {
      Set<MessageQueue> touched = new LinkedHashSet<>();
      for (MessageQueue q : new ArrayList<>(queues.values())) {
        for (Entry e : new ArrayList<>(q.entries.values())) {
          if (owned.contains(e.owner)) {
            releaseEntry(e, nowMillis);
            touched.add(q);
          }
        }
      }
      for (MessageQueue q : touched) {
        if (queues.containsKey(q.key)) {
          dispatch(q, nowMillis);
        }
      }
    }
    queues.values().removeIf(q -> connectionId.equals(q.ownerConnection) && !q.isSubscription() && dropped(q));
    topics.values().removeIf(t -> connectionId.equals(t.owner));
    return flush(nowMillis);
  }

  /** Creates a temporary queue or topic owned by a connection. */
  public void createTemporary(DestinationKey key, String connectionId) {
    if (key.kind() == DestinationKey.Kind.TEMP_QUEUE) {
      queues.put(key.toString(), new MessageQueue(key.toString(), false, connectionId));
    } else {
      topics.put(key.toString(), new TopicState(connectionId));
    }
  }

  /** Deletes a temporary destination; ILLEGAL_STATE while it has consumers. */
  public void deleteTemporary(DestinationKey key, String connectionId) {
    String k = key.toString();
    if (key.kind() == DestinationKey.Kind.TEMP_QUEUE) {
      MessageQueue q = queues.get(k);
      if (q == null) {
        return;
      }
      if (!q.consumers.isEmpty()) {
        throw new BrokerException(Kind.ILLEGAL_STATE, "temporary queue " + key.name() + " still has consumers");
      }
      dropped(queues.remove(k));
    } else {
      TopicState t = topics.get(k);
      if (t == null) {
        return;
      }
      for (String sub : t.subscriptions) {
        if (!queues.get(sub).consumers.isEmpty()) {
          throw new BrokerException(Kind.ILLEGAL_STATE, "temporary topic " + key.name() + " still has consumers");
        }
      }
      topics.remove(k);
    }
  }

  // ---------------------------------------------------------------- sending

  /**
   * Atomically stores messages (each to its {@link BrokerMessage#destination}) and acknowledges
   * entries: one send, or one transaction commit. Validates everything before changing anything.
   *
   * @throws BrokerException INVALID_DESTINATION for a deleted temporary destination, RESOURCE when
   *     a message is too large or a queue is full
   */
  public Effects commit(List<BrokerMessage> messages, List<AckRef> acks, long nowMillis) {
    Map<String, Integer> adding = new HashMap<>();
    List<List<MessageQueue>> targets = new ArrayList<>(messages.size());
    long addingBytes = 0;
    for (BrokerMessage m : messages) {
      int size = m.approximateSize();
      if (size > limits.maxMessageBytes()) {
        throw new BrokerException(Kind.RESOURCE, "message of about " + size + " bytes exceeds the broker's limit of " + limits.maxMessageBytes() + " bytes");
      }
      List<MessageQueue> qs = targetsOf(m);
      addingBytes += (long) size * qs.size();
      for (MessageQueue q : qs) {
        int n = adding.merge(q.key, 1, Integer::sum);
        if (q.entries.size() + n > limits.maxQueueMessages()) {
          throw new BrokerException(Kind.RESOURCE, "queue " + q.key + " is full (" + limits.maxQueueMessages() + " messages)");
        }
      }
      targets.add(qs);
    }
    if (addingBytes > 0 && storedBytes - bytesAcknowledged(acks) + addingBytes > limits.maxStoredBytes()) {
      throw new BrokerException(Kind.RESOURCE, "the broker is full: its messages would take more than "
          + limits.maxStoredBytes() + " bytes of memory (maxStoredBytes)");
    }
    List<LogRecord.Stored> stored = new ArrayList<>();
    Set<MessageQueue> touched = new LinkedHashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      BrokerMessage m = messages.get(i);
      for (MessageQueue q : targets.get(i)) {
        Entry e = addEntry(q, m, nextSeq++, nowMillis);
        if (e.logged) {
          stored.add(new LogRecord.Stored(q.key, e.seq, m));
        }
        touched.add(q);
      }
    }
    List<AckRef> loggedAcks = ackInternal(acks);
    if (!stored.isEmpty() || !loggedAcks.isEmpty()) {
      records.add(new LogRecord.Commit(stored, loggedAcks));
    }
    for (MessageQueue q : touched) {
      dispatch(q, nowMillis);
    }
    return flush(nowMillis);
  }

  /** What the entries a commit acknowledges free (a transaction that consumes as it sends needs no extra room). */
  private long bytesAcknowledged(List<AckRef> acks) {
    long freed = 0;
    for (AckRef a : acks) {
      MessageQueue q = queues.get(a.queue());
      Entry e = q == null ? null : q.entries.get(a.seq());
      if (e != null) {
        freed += e.size;
      }
    }
    return freed;
  }

  private List<MessageQueue> targetsOf(BrokerMessage m) {
    DestinationKey dest = DestinationKey.parse(m.destination());
    if (!dest.kind().isTopic()) {
      MessageQueue q = queues.get(dest.toString());
      if (q == null) {
        if (dest.kind().isTemporary()) {
          throw new BrokerException(Kind.INVALID_DESTINATION, "temporary queue " + dest.name() + " has been deleted");
        }
        q = createQueue(dest.toString());
      }
      return List.of(q);
    }
    TopicState t = topics.get(dest.toString());
    if (t == null) {
      if (dest.kind().isTemporary()) {
        throw new BrokerException(Kind.INVALID_DESTINATION, "temporary topic " + dest.name() + " has been deleted");
      }
      return List.of();
    }
    List<MessageQueue> out = new ArrayList<>();
    for (String key : t.subscriptions) {
      MessageQueue q = queues.get(key);
      if (q.noLocal && m.originConnection() != null && q.consumers.stream().anyMatch(c -> c.spec.connectionId().equals(m.originConnection()))) {
        continue;
      }
      if (q.noLocal && q.consumers.isEmpty() && m.originConnection() != null && m.originConnection().equals(q.ownerConnection)) {
        continue;
      }
      if (q.selector != null && !q.selector.matches(new MessageView(m, 1))) {
        continue;
      }
      out.add(q);
    }
    return out;
  }

  private MessageQueue createQueue(String key) {
    MessageQueue q = new MessageQueue(key, true, null);
    queues.put(key, q);
    return q;
  }

  /** Makes sure a named queue exists (used by admin and on consumer creation). */
  public void ensureQueue(String name) {
    queues.computeIfAbsent(DestinationKey.queue(name).toString(), k -> new MessageQueue(k, true, null));
  }

  private Entry addEntry(MessageQueue q, BrokerMessage m, long seq, long nowMillis) {
    boolean logged = m.persistent() && q.durableStorage && (!q.isSubscription() || q.durableSubscription);
    Entry e = new Entry(seq, q, m, logged);
    store(e);
    q.enqueued++;
    if (m.deliveryTime() > nowMillis) {
      q.scheduled.add(e);
    } else {
      q.ready.add(e);
    }
    return e;
  }

  // ---------------------------------------------------------------- consumers

  /**
   * Adds a consumer and delivers what it may take at once.
   *
   * @throws BrokerException INVALID_DESTINATION for another connection's or a deleted temporary
   *     destination; ILLEGAL_STATE for a second consumer on an unshared durable subscription or a
   *     subscription change while it has consumers
   */
  public Effects addConsumer(ConsumerSpec spec, long nowMillis) {
    DestinationKey dest = spec.destination();
    Selector selector = compile(spec.selector());
    MessageQueue q;
    if (!dest.kind().isTopic()) {
      q = queues.get(dest.toString());
      if (dest.kind().isTemporary()) {
        if (q == null) {
          throw new BrokerException(Kind.INVALID_DESTINATION, "temporary queue " + dest.name() + " has been deleted");
        }
        if (!spec.connectionId().equals(q.ownerConnection)) {
          throw new BrokerException(Kind.INVALID_DESTINATION, "temporary queue " + dest.name() + " belongs to another connection");
        }
      } else if (q == null) {
        q = createQueue(dest.toString());
      }
      ConsumerState c = new ConsumerState(spec, q, selector.selectsAll() ? null : selector);
      attach(c);
    } else {
      TopicState t = topics.get(dest.toString());
      if (t == null) {
        if (dest.kind().isTemporary()) {
          throw new BrokerException(Kind.INVALID_DESTINATION, "temporary topic " + dest.name() + " has been deleted");
        }
        t = new TopicState(null);
        topics.put(dest.toString(), t);
      } else if (dest.kind().isTemporary() && !spec.connectionId().equals(t.owner)) {
        throw new BrokerException(Kind.INVALID_DESTINATION, "temporary topic " + dest.name() + " belongs to another connection");
      }
      q = subscriptionQueue(spec, t, selector);
      attach(new ConsumerState(spec, q, null));
    }
    dispatch(q, nowMillis);
    return flush(nowMillis);
  }

  private MessageQueue subscriptionQueue(ConsumerSpec spec, TopicState t, Selector selector) {
    SubscriptionSpec sub = spec.subscription();
    String topic = spec.destination().toString();
    if (sub == null) {
      MessageQueue q = new MessageQueue("nondurable://" + spec.consumerId(), false, spec.connectionId());
      configureSubscription(q, topic, selector, spec.noLocal(), false, false);
      queues.put(q.key, q);
      t.subscriptions.add(q.key);
      return q;
    }
    String key = sub.queueKey();
    MessageQueue existing = queues.get(key);
    if (existing != null) {
      if (existing.shared != sub.shared()) {
        throw new BrokerException(Kind.GENERAL, "subscription " + sub.name() + " exists as " + (existing.shared ? "shared" : "unshared"));
      }
      if (!sub.shared() && !existing.consumers.isEmpty()) {
        throw new BrokerException(Kind.ILLEGAL_STATE, "durable subscription " + sub.name() + " already has an active consumer");
      }
      boolean same = existing.topic.equals(topic) && existing.selectorText.equals(selector.text()) && existing.noLocal == spec.noLocal();
      if (same) {
        return existing;
      }
      if (!existing.consumers.isEmpty()) {
        throw new BrokerException(Kind.GENERAL, "shared subscription " + sub.name() + " has consumers with another topic or selector");
      }
      removeSubscription(existing);
    }
    MessageQueue q = new MessageQueue(key, sub.durable(), sub.durable() ? null : spec.connectionId());
    configureSubscription(q, topic, selector, spec.noLocal(), sub.shared(), sub.durable());
    queues.put(key, q);
    topics.computeIfAbsent(topic, k -> new TopicState(null)).subscriptions.add(key);
    if (sub.durable()) {
      records.add(new LogRecord.SubscriptionAdded(key, topic, selector.text(), spec.noLocal(), sub.shared()));
    }
    return q;
  }

  private static void configureSubscription(MessageQueue q, String topic, Selector selector, boolean noLocal, boolean shared, boolean durable) {
    q.topic = topic;
    q.selector = selector.selectsAll() ? null : selector;
    q.selectorText = selector.text();
    q.noLocal = noLocal;
    q.shared = shared;
    q.durableSubscription = durable;
  }

  private void removeSubscription(MessageQueue q) {
    dropped(queues.remove(q.key));
    TopicState t = topics.get(q.topic);
    if (t != null) {
      t.subscriptions.remove(q.key);
    }
    if (q.durableSubscription) {
      records.add(new LogRecord.SubscriptionRemoved(q.key));
    }
  }

  private void attach(ConsumerState c) {
    consumers.put(c.spec.consumerId(), c);
    consumerConnections.put(c.spec.consumerId(), c.spec.connectionId());
    c.queue.consumers.add(c);
  }

  private static Selector compile(String text) {
    try {
      return Selector.parse(text);
    } catch (InvalidSelectorException e) {
      throw new BrokerException(Kind.GENERAL, e.getMessage());
    }
  }

  /**
   * Removes a consumer. Deliveries it holds but its application never saw go back to the queue
   * unchanged; consumed, unacknowledged ones stay in flight until the session acknowledges or
   * releases them. A non-durable subscription without consumers is dropped.
   */
  public Effects removeConsumer(long consumerId, long nowMillis) {
    ConsumerState c = consumers.get(consumerId);
    if (c != null) {
      removeConsumerInternal(c, nowMillis);
    }
    return flush(nowMillis);
  }

  private void removeConsumerInternal(ConsumerState c, long nowMillis) {
    consumers.remove(c.spec.consumerId());
    MessageQueue q = c.queue;
    q.consumers.remove(c);
    q.groupOwners.values().removeIf(id -> id == c.spec.consumerId());
    boolean stillHolds = false;
    for (Entry e : new ArrayList<>(q.entries.values())) {
      if (e.owner == c.spec.consumerId() && !e.consumed) {
        e.owner = Entry.NOBODY;
        q.ready.add(e);
      } else if (e.owner == c.spec.consumerId()) {
        stillHolds = true;
      }
    }
    if (!stillHolds) {
      consumerConnections.remove(c.spec.consumerId());
    }
    if (q.isSubscription() && !q.durableSubscription && q.consumers.isEmpty()) {
      removeSubscription(q);
    } else {
      dispatch(q, nowMillis);
    }
  }

  /** The application of a consumer took a delivery: one more credit, and the count is logged. */
  public Effects consumed(long consumerId, AckRef ref, long nowMillis) {
    MessageQueue q = queues.get(ref.queue());
    Entry e = q == null ? null : q.entries.get(ref.seq());
    if (e != null && e.owner == consumerId && !e.consumed) {
      e.consumed = true;
      e.deliveryCount++;
      if (e.logged) {
        records.add(new LogRecord.Consumed(ref));
      }
    }
    ConsumerState c = consumers.get(consumerId);
    if (c != null) {
      c.credit++;
      dispatch(c.queue, nowMillis);
    }
    return flush(nowMillis);
  }

  /** Acknowledges entries (unknown ones are ignored: already acknowledged, expired or dropped). */
  public Effects acknowledge(List<AckRef> refs, long nowMillis) {
    List<AckRef> logged = ackInternal(refs);
    if (!logged.isEmpty()) {
      records.add(new LogRecord.Commit(List.of(), logged));
    }
    return flush(nowMillis);
  }

  private List<AckRef> ackInternal(List<AckRef> refs) {
    List<AckRef> logged = new ArrayList<>();
    for (AckRef ref : refs) {
      MessageQueue q = queues.get(ref.queue());
      Entry e = q == null ? null : q.entries.get(ref.seq());
      if (e == null || !e.inFlight()) {
        continue;
      }
      removeEntry(e);
      q.acked++;
      if (e.logged) {
        logged.add(ref);
      }
    }
    return logged;
  }

  private void removeEntry(Entry e) {
    MessageQueue q = e.queue;
    unstore(q, e.seq);
    q.ready.remove(e);
    q.scheduled.remove(e);
    if (e.owner == Entry.REST_LANE && e.message.messageId() != null) {
      restInFlight.remove(e.message.messageId());
    }
  }

  /**
   * Gives entries back (session recover, transaction rollback, session close). A consumed entry
   * comes back redelivered, or goes to the dead-letter queue after {@link
   * BrokerLimits#maxDeliveries} deliveries; an unconsumed one comes back as it was.
   */
  public Effects release(List<AckRef> refs, long nowMillis) {
    Set<MessageQueue> touched = new LinkedHashSet<>();
    for (AckRef ref : refs) {
      MessageQueue q = queues.get(ref.queue());
      Entry e = q == null ? null : q.entries.get(ref.seq());
      if (e == null || !e.inFlight()) {
        continue;
      }
      releaseEntry(e, nowMillis);
      touched.add(q);
    }
    for (MessageQueue q : touched) {
      dispatch(q, nowMillis);
    }
    return flush(nowMillis);
  }

  private void releaseEntry(Entry e, long nowMillis) {
    ConsumerState holder = consumers.get(e.owner);
    if (holder != null && !e.consumed) {
      holder.credit++;
    }
    if (e.owner == Entry.REST_LANE && e.message.messageId() != null) {
      restInFlight.remove(e.message.messageId());
    }
    e.owner = Entry.NOBODY;
    boolean wasConsumed = e.consumed;
    e.consumed = false;
    if (wasConsumed && limits.maxDeliveries() > 0 && e.deliveryCount >= limits.maxDeliveries()) {
      deadLetter(e, nowMillis);
      return;
    }
    e.queue.ready.add(e);
  }

  private void deadLetter(Entry e, long nowMillis) {
    MessageQueue q = e.queue;
    removeEntry(e);
    String dlqKey = DestinationKey.queue(limits.deadLetterQueue()).toString();
    MessageQueue dlq = queues.get(dlqKey);
    if (dlq == null) {
      dlq = createQueue(dlqKey);
    }
    BrokerMessage moved = e.message.withDestination(dlqKey, Map.of(ORIGINAL_DESTINATION, e.message.destination()));
    Entry d = addEntry(dlq, moved, nextSeq++, nowMillis);
    List<LogRecord.Stored> stored = d.logged ? List.of(new LogRecord.Stored(dlqKey, d.seq, moved)) : List.of();
    List<AckRef> acks = e.logged ? List.of(new AckRef(q.key, e.seq)) : List.of();
    if (!stored.isEmpty() || !acks.isEmpty()) {
      records.add(new LogRecord.Commit(stored, acks));
    }
    dispatch(dlq, nowMillis);
  }

  // ---------------------------------------------------------------- dispatch

  private void dispatch(MessageQueue q, long nowMillis) {
    if (q.consumers.isEmpty() || q.ready.isEmpty()) {
      return;
    }
    Iterator<Entry> it = q.ready.iterator();
    while (it.hasNext() && hasCredit(q)) {
      Entry e = it.next();
      if (e.message.expiredAt(nowMillis)) {
        it.remove();
        expire(e);
        continue;
      }
      ConsumerState c = pick(q, e);
      if (c == null) {
        continue;
      }
      it.remove();
      e.owner = c.spec.consumerId();
      e.consumed = false;
      c.credit--;
      q.dequeued++;
      deliveries.add(new Delivery(c.spec.consumerId(), e.ref(), e.message, e.deliveryCount + 1));
    }
  }

  private static boolean hasCredit(MessageQueue q) {
    for (ConsumerState c : q.consumers) {
      if (c.credit > 0) {
        return true;
      }
    }
    return false;
  }

  private ConsumerState pick(MessageQueue q, Entry e) {
    String group = e.message.groupId();
    if (group != null) {
      Long owner = q.groupOwners.get(group);
      if (owner != null) {
        ConsumerState c = consumers.get(owner);
        if (c != null && c.queue == q) {
          return c.credit > 0 && selects(c, e) ? c : null;
        }
      }
    }
    int n = q.consumers.size();
    for (int i = 0; i < n; i++) {
      ConsumerState c = q.consumers.get((q.roundRobin + i) % n);
      if (c.credit > 0 && selects(c, e)) {
        q.roundRobin = (q.roundRobin + i + 1) % n;
        if (group != null) {
          q.groupOwners.put(group, c.spec.consumerId());
        }
        return c;
      }
    }
    return null;
  }

  private static boolean selects(ConsumerState c, Entry e) {
    return c.dispatchSelector == null || c.dispatchSelector.matches(new MessageView(e.message, e.deliveryCount + 1));
  }

  private void expire(Entry e) {
    removeEntry(e);
    if (e.logged) {
      records.add(new LogRecord.Commit(List.of(), List.of(e.ref())));
    }
  }

  /** Time passes: delayed messages become ready, REST visibility timeouts end. */
  public Effects tick(long nowMillis) {
    for (MessageQueue q : new ArrayList<>(queues.values())) {
      boolean moved = false;
      while (!q.scheduled.isEmpty() && q.scheduled.first().message.deliveryTime() <= nowMillis) {
        q.ready.add(q.scheduled.pollFirst());
        moved = true;
      }
      if (moved) {
        dispatch(q, nowMillis);
      }
    }
    for (Entry e : new ArrayList<>(restInFlight.values())) {
      if (e.visibleAgainAt <= nowMillis) {
        releaseEntry(e, nowMillis);
        dispatch(e.queue, nowMillis);
      }
    }
    return flush(nowMillis);
  }

  /**
   * Drops every expired message that waits in a queue (ready or scheduled), so that queue sizes
   * and memory reflect live messages even when nobody consumes. The driver calls it periodically.
   */
  public Effects sweepExpired(long nowMillis) {
    for (MessageQueue q : queues.values()) {
      List<Entry> dead = new ArrayList<>();
      for (Entry e : q.ready) {
        if (e.message.expiredAt(nowMillis)) {
          dead.add(e);
        }
      }
      for (Entry e : q.scheduled) {
        if (e.message.expiredAt(nowMillis)) {
          dead.add(e);
        }
      }
      for (Entry e : dead) {
        expire(e);
      }
    }
    return flush(nowMillis);
  }

  private long nextWake() {
    long wake = Long.MAX_VALUE;
    for (MessageQueue q : queues.values()) {
      if (!q.scheduled.isEmpty()) {
        wake = Math.min(wake, q.scheduled.first().message.deliveryTime());
      }
    }
    for (Entry e : restInFlight.values()) {
      wake = Math.min(wake, e.visibleAgainAt);
    }
    return wake;
  }

  private Effects flush(long nowMillis) {
    if (records.isEmpty() && deliveries.isEmpty()) {
      return new Effects(List.of(), List.of(), nextWake());
    }
    Effects out = new Effects(records, deliveries, nextWake());
    records = new ArrayList<>();
    deliveries = new ArrayList<>();
    return out;
  }

  // ---------------------------------------------------------------- subscriptions, browse, REST

  /**
   * Deletes a durable subscription.
   *
   * @throws BrokerException INVALID_DESTINATION when there is none by that name, ILLEGAL_STATE
   *     while it has an active consumer
   */
  public Effects unsubscribe(String clientId, String name, long nowMillis) {
    MessageQueue q = queues.get(new SubscriptionSpec(name, clientId, true, false).queueKey());
    if (q == null) {
      throw new BrokerException(Kind.INVALID_DESTINATION, "no durable subscription named " + name);
    }
    if (!q.consumers.isEmpty()) {
      throw new BrokerException(Kind.ILLEGAL_STATE, "durable subscription " + name + " has an active consumer");
    }
    if (q.entries.values().stream().anyMatch(Entry::inFlight)) {
      throw new BrokerException(Kind.ILLEGAL_STATE, "durable subscription " + name + " has unacknowledged messages");
    }
    removeSubscription(q);
    return flush(nowMillis);
  }

  /** The ready messages of a queue that a selector selects, in delivery order. */
  public List<Delivery> browse(DestinationKey queue, String selector, long nowMillis) {
    Selector s = compile(selector);
    MessageQueue q = queues.get(queue.toString());
    List<Delivery> out = new ArrayList<>();
    if (q == null) {
      return out;
    }
    for (Entry e : q.ready) {
      if (!e.message.expiredAt(nowMillis) && s.matches(new MessageView(e.message, e.deliveryCount + 1))) {
        out.add(new Delivery(-1, e.ref(), e.message, e.deliveryCount + 1));
      }
    }
    return out;
  }

  /**
   * Takes the next ready message of a queue for the REST lane: it stays in flight until {@link
   * #restAcknowledge} or until the visibility timeout, then comes back redelivered.
   *
   * @return the delivery, or null when the queue has no ready message
   * @throws BrokerException INVALID_DESTINATION when the queue does not exist
   */
  public Delivery restPull(String queueName, long nowMillis) {
    MessageQueue q = queues.get(DestinationKey.queue(queueName).toString());
    if (q == null) {
      throw new BrokerException(Kind.INVALID_DESTINATION, "no queue named " + queueName);
    }
    Iterator<Entry> it = q.ready.iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      it.remove();
      if (e.message.expiredAt(nowMillis)) {
        expire(e);
        continue;
      }
      e.owner = Entry.REST_LANE;
      e.consumed = true;
      e.deliveryCount++;
      e.visibleAgainAt = nowMillis + limits.restVisibilityMillis();
      q.dequeued++;
      if (e.message.messageId() != null) {
        restInFlight.put(e.message.messageId(), e);
      }
      if (e.logged) {
        records.add(new LogRecord.Consumed(e.ref()));
      }
      return new Delivery(Entry.REST_LANE, e.ref(), e.message, e.deliveryCount);
    }
    return null;
  }

  /** The records produced by the last {@link #restPull} or other direct calls. */
  public Effects drainEffects(long nowMillis) {
    return flush(nowMillis);
  }

  /** Acknowledges a message taken over REST; false when no such message is in flight. */
  public boolean restAcknowledge(String messageId, long nowMillis) {
    Entry e = restInFlight.get(messageId);
    if (e == null) {
      return false;
    }
    List<AckRef> logged = ackInternal(List.of(e.ref()));
    if (!logged.isEmpty()) {
      records.add(new LogRecord.Commit(List.of(), logged));
    }
    return true;
  }

  /** Counters of a named queue, or null when it does not exist. */
  public QueueStats queueStats(String name) {
    MessageQueue q = queues.get(DestinationKey.queue(name).toString());
    return q == null ? null : q.stats(name);
  }

  /** Counters of every (non-temporary) queue. */
  public List<QueueStats> allQueueStats() {
    List<QueueStats> out = new ArrayList<>();
    for (MessageQueue q : queues.values()) {
      if (q.key.startsWith("queue://")) {
        out.add(q.stats(q.key.substring("queue://".length())));
      }
    }
    return out;
  }

  /** Whether a consumer is known. */
  public boolean hasConsumer(long consumerId) {
    return consumers.containsKey(consumerId);
  }

  // ---------------------------------------------------------------- recovery

  /** Applies one WAL record during recovery (before any client is served). */
  public void replay(LogRecord record) {
    if (record instanceof LogRecord.Commit c) {
      for (LogRecord.Stored s : c.stored()) {
        MessageQueue q = queues.get(s.queue());
        if (q == null) {
          q = createQueue(s.queue());
        }
        store(new Entry(s.seq(), q, s.message(), true));
        q.enqueued++;
        nextSeq = Math.max(nextSeq, s.seq() + 1);
      }
      for (AckRef a : c.acks()) {
        MessageQueue q = queues.get(a.queue());
        if (q != null && unstore(q, a.seq()) != null) {
          q.acked++;
        }
      }
    } else if (record instanceof LogRecord.Consumed c) {
      MessageQueue q = queues.get(c.ref().queue());
      Entry e = q == null ? null : q.entries.get(c.ref().seq());
      if (e != null) {
        e.deliveryCount++;
      }
    } else if (record instanceof LogRecord.SubscriptionAdded s) {
      MessageQueue q = new MessageQueue(s.queue(), true, null);
      configureSubscription(q, s.topic(), compile(s.selector()), s.noLocal(), s.shared(), true);
      queues.put(s.queue(), q);
      topics.computeIfAbsent(s.topic(), k -> new TopicState(null)).subscriptions.add(s.queue());
    } else if (record instanceof LogRecord.SubscriptionRemoved s) {
      MessageQueue q = queues.remove(s.queue());
      dropped(q);
      if (q != null && topics.containsKey(q.topic)) {
        topics.get(q.topic).subscriptions.remove(s.queue());
      }
    }
  }

  /** Ends recovery: places recovered entries as ready or scheduled. */
  public void finishRecovery(long nowMillis) {
    for (MessageQueue q : queues.values()) {
      for (Entry e : q.entries.values()) {
        if (e.message.deliveryTime() > nowMillis) {
          q.scheduled.add(e);
        } else {
          q.ready.add(e);
        }
      }
    }
  }

  /**
   * The live state as WAL records (for compaction): durable subscriptions, then every logged
   * entry with its original sequence number, then one {@code Consumed} per recorded delivery.
   * Replaying them into a fresh engine gives the same queues, entries and delivery counts.
   */
  public List<LogRecord> liveRecords() {
    List<LogRecord> out = new ArrayList<>();
    for (MessageQueue q : queues.values()) {
      if (q.durableSubscription) {
        out.add(new LogRecord.SubscriptionAdded(q.key, q.topic, q.selectorText, q.noLocal, q.shared));
      }
    }
    List<LogRecord.Stored> batch = new ArrayList<>();
    List<LogRecord> consumedRecords = new ArrayList<>();
    for (MessageQueue q : queues.values()) {
      for (Entry e : q.entries.values()) {
        if (!e.logged) {
          continue;
        }
        batch.add(new LogRecord.Stored(q.key, e.seq, e.message));
        for (int i = 0; i < e.deliveryCount; i++) {
          consumedRecords.add(new LogRecord.Consumed(e.ref()));
        }
        if (batch.size() == 256) {
          out.add(new LogRecord.Commit(batch, List.of()));
          batch = new ArrayList<>();
        }
      }
    }
    if (!batch.isEmpty()) {
      out.add(new LogRecord.Commit(batch, List.of()));
    }
    out.addAll(consumedRecords);
    return out;
  }

  /** Adds an entry to its queue and to the memory budget's count. */
  private void store(Entry e) {
    e.queue.put(e);
    storedBytes += e.size;
  }

  /** Removes an entry from a queue and from the memory budget's count; returns it, or null when it was not there. */
  private Entry unstore(MessageQueue q, long seq) {
    Entry gone = q.remove(seq);
    if (gone != null) {
      storedBytes -= gone.size;
    }
    return gone;
  }

  /**
   * Takes a queue that was just removed from {@link #queues} off the memory budget; returns true
   * (so it can sit in a removal predicate). Null is ignored.
   */
  private boolean dropped(MessageQueue q) {
    if (q != null) {
      storedBytes -= q.bytes;
    }
    return true;
  }

  /** What all queues' messages count against {@link BrokerLimits#maxStoredBytes} (for tests and metrics). */
  public long storedBytes() {
    return storedBytes;
  }

  /** {@link #storedBytes} added up again from every queue's entries (tests check the running count with it). */
  long recountStoredBytes() {
    long sum = 0;
    for (MessageQueue q : queues.values()) {
      long queueBytes = 0;
      for (Entry e : q.entries.values()) {
        queueBytes += e.size;
      }
      if (queueBytes != q.bytes) {
        throw new IllegalStateException("queue " + q.key + " counts " + q.bytes + " bytes but holds " + queueBytes);
      }
      sum += queueBytes;
    }
    return sum;
  }

  /** Number of queues (plain, temporary, and one per topic subscription). */
  public int queueCount() {
    return queues.size();
  }

  /** Number of messages held in all queues (for tests and metrics). */
  public int totalMessages() {
    int n = 0;
    for (MessageQueue q : queues.values()) {
      n += q.entries.size();
    }
    return n;
  }
}
