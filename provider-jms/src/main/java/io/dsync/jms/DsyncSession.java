package io.dsync.jms;

import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.ConsumerSpec;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.SubscriptionSpec;
import io.dsync.jms.selector.Selector;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import jakarta.jms.TransactionRolledBackException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JMS session (§6.2): a single thread of control for its consumers and producers. Message
 * listeners of one session run one at a time on the session's delivery thread; asynchronous sends
 * complete in order on its completion thread. Not thread-safe except {@link #close}, as the spec
 * allows.
 */
public final class DsyncSession implements Session, QueueSession, TopicSession {
  private static final ThreadLocal<DsyncSession> IN_LISTENER = new ThreadLocal<>();
  /** Set while a CompletionListener of this session runs on its completion thread. */
  static final ThreadLocal<DsyncSession> IN_COMPLETION = new ThreadLocal<>();

  private final DsyncConnection connection;
  private final int mode;
  private final List<DsyncMessageConsumer> consumers = new CopyOnWriteArrayList<>();
  private final List<DsyncMessageProducer> producers = new CopyOnWriteArrayList<>();
  private final List<DsyncQueueBrowser> browsers = new CopyOnWriteArrayList<>();
  private final List<BrokerMessage> txSends = new ArrayList<>();
  private final List<AckRef> unacked = new ArrayList<>();
  /** DUPS_OK_ACKNOWLEDGE: acknowledgements sent lazily, in batches. */
  private final List<AckRef> lazyAcks = new ArrayList<>();
  private static final int LAZY_ACK_BATCH = 64;
  private final Object ackLock = new Object();
  /** Held while a listener runs: stop and close wait on it. */
  private final ReentrantLock deliveryLock = new ReentrantLock();
  private final AtomicBoolean deliveryScheduled = new AtomicBoolean();
  private ExecutorService deliveryThread;
  private ExecutorService completionThread;
  private MessageListener sessionListener;
  private volatile boolean closed;

  DsyncSession(DsyncConnection connection, int mode) {
    this.connection = connection;
    this.mode = mode;
  }

  DsyncConnection connection() {
    return connection;
  }

  int mode() {
    return mode;
  }

  void checkOpen() throws IllegalStateException {
    if (closed || connection.isClosed()) {
      throw new IllegalStateException("the session is closed");
    }
  }

  boolean isClosed() {
    return closed || connection.isClosed();
  }

  static boolean inListenerOf(DsyncConnection c) {
    DsyncSession s = IN_LISTENER.get();
    DsyncSession t = IN_COMPLETION.get();
    return (s != null && s.connection == c) || (t != null && t.connection == c);
  }

  boolean inOwnCompletionListener() {
    return IN_COMPLETION.get() == this;
  }

  boolean inOwnListener() {
    return IN_LISTENER.get() == this;
  }

  // ------------------------------------------------------------------ message factories

  @Override
  public BytesMessage createBytesMessage() throws JMSException {
    checkOpen();
    return new DsyncBytesMessage();
  }

  @Override
  public MapMessage createMapMessage() throws JMSException {
    checkOpen();
    return new DsyncMapMessage();
  }

  @Override
  public Message createMessage() throws JMSException {
    checkOpen();
    return new DsyncMessage();
  }

  @Override
  public ObjectMessage createObjectMessage() throws JMSException {
    checkOpen();
    return new DsyncObjectMessage();
  }

  @Override
  public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
    checkOpen();
    DsyncObjectMessage m = new DsyncObjectMessage();
    m.setObject(object);
    return m;
  }

  @Override
  public StreamMessage createStreamMessage() throws JMSException {
    checkOpen();
    return new DsyncStreamMessage();
  }

  @Override
  public TextMessage createTextMessage() throws JMSException {
    checkOpen();
    return new DsyncTextMessage();
  }

  @Override
  public TextMessage createTextMessage(String text) throws JMSException {
    checkOpen();
    DsyncTextMessage m = new DsyncTextMessage();
    m.setText(text);
    return m;
  }

  // ------------------------------------------------------------------ transactions and acknowledgement

  @Override
  public boolean getTransacted() throws JMSException {
    checkOpen();
    return mode == SESSION_TRANSACTED;
  }

  @Override
  public int getAcknowledgeMode() throws JMSException {
    checkOpen();
    return mode;
  }

  @Override
  public void commit() throws JMSException {
    checkOpen();
    if (mode != SESSION_TRANSACTED) {
      throw new IllegalStateException("commit on a session that is not transacted");
    }
    List<BrokerMessage> sends;
    List<AckRef> acks;
    synchronized (ackLock) {
      sends = new ArrayList<>(txSends);
      acks = new ArrayList<>(unacked);
      txSends.clear();
      unacked.clear();
    }
    try {
      connection.link().commit(sends, acks);
    } catch (JMSException e) {
      connection.link().release(acks);
      TransactionRolledBackException t = new TransactionRolledBackException("the transaction was rolled back: " + e.getMessage());
      t.initCause(e);
      t.setLinkedException(e);
      throw t;
    }
  }

  @Override
  public void rollback() throws JMSException {
    checkOpen();
    if (mode != SESSION_TRANSACTED) {
      throw new IllegalStateException("rollback on a session that is not transacted");
    }
    synchronized (ackLock) {
      txSends.clear();
    }
    redeliverAll();
  }

  @Override
  public void recover() throws JMSException {
    checkOpen();
    if (mode == SESSION_TRANSACTED) {
      throw new IllegalStateException("recover on a transacted session; use rollback");
    }
    redeliverAll();
  }

  /** Gives back consumed-unacknowledged and prefetched messages so they come again in order. */
  private void redeliverAll() {
    try {
      flushLazyAcks();
    } catch (JMSException e) {
      connection.onAsyncError(e);
    }
    List<AckRef> refs = new ArrayList<>();
    for (DsyncMessageConsumer c : consumers) {
      refs.addAll(c.drainPrefetched());
    }
    synchronized (ackLock) {
      refs.addAll(0, unacked);
      unacked.clear();
    }
    if (!refs.isEmpty()) {
      connection.link().release(refs);
    }
  }

  /** Message.acknowledge(): in CLIENT_ACKNOWLEDGE mode, acknowledges every consumed message. */
  void acknowledgeAll() throws JMSException {
    if (isClosed()) {
      throw new IllegalStateException("cannot acknowledge: the session is closed");
    }
    if (mode != CLIENT_ACKNOWLEDGE) {
      return;
    }
    List<AckRef> refs;
    synchronized (ackLock) {
      refs = new ArrayList<>(unacked);
      unacked.clear();
    }
    if (!refs.isEmpty()) {
      connection.link().acknowledge(refs);
    }
  }

  /** Called when the application takes a message from a consumer (receive or listener). */
  void consumed(DsyncMessageConsumer consumer, Delivery d, boolean fromListener) throws JMSException {
    if (mode == AUTO_ACKNOWLEDGE && !fromListener) {
      connection.link().consumedAndAcknowledged(consumer.id(), d.ref());
      return;
    }
    if (mode == SESSION_TRANSACTED || mode == CLIENT_ACKNOWLEDGE) {
      // the message stays unacknowledged in the application's hands: log the delivery first, so
      // that after a crash it comes back with JMSRedelivered
      connection.link().consumed(consumer.id(), d.ref());
    } else {
      connection.link().consumedNoWait(consumer.id(), d.ref());
    }
    if (mode == SESSION_TRANSACTED || mode == CLIENT_ACKNOWLEDGE) {
      synchronized (ackLock) {
        unacked.add(d.ref());
      }
    } else if (!fromListener) {
      if (mode == DUPS_OK_ACKNOWLEDGE) {
        lazyAcknowledge(d.ref(), !consumer.hasBuffered());
      } else {
        connection.link().acknowledge(List.of(d.ref()));
      }
    }
  }

  /** DUPS_OK: queues an acknowledgement and sends the batch when full or when asked to. */
  private void lazyAcknowledge(AckRef ref, boolean flushNow) throws JMSException {
    boolean flush;
    synchronized (ackLock) {
      lazyAcks.add(ref);
      flush = flushNow || lazyAcks.size() >= LAZY_ACK_BATCH;
    }
    if (flush) {
      flushLazyAcks();
    }
  }

  /** Sends the DUPS_OK acknowledgements queued so far. */
  void flushLazyAcks() throws JMSException {
    List<AckRef> batch;
    synchronized (ackLock) {
      if (lazyAcks.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(lazyAcks);
      lazyAcks.clear();
    }
    connection.link().acknowledgeNoWait(batch);
  }

  /** After a listener: AUTO/DUPS_OK acknowledge, or redeliver when the listener threw. */
  void afterListener(Delivery d, boolean threw) {
    if (mode == AUTO_ACKNOWLEDGE || mode == DUPS_OK_ACKNOWLEDGE) {
      if (threw) {
        connection.link().release(List.of(d.ref()));
      } else if (mode == DUPS_OK_ACKNOWLEDGE) {
        try {
          lazyAcknowledge(d.ref(), false);
        } catch (JMSException e) {
          connection.onAsyncError(e);
        }
      } else {
        try {
          connection.link().acknowledgeNoWait(List.of(d.ref()));
        } catch (JMSException e) {
          connection.onAsyncError(e);
        }
      }
    }
  }

  /** Sends one message now (waiting for the broker), or buffers it in the transaction. */
  void send(BrokerMessage m) throws JMSException {
    send(m, false);
  }

  /**
   * Sends one message now, or buffers it in the transaction; with {@code mayNotWait} a
   * non-persistent message may return before the broker has it (see {@link
   * io.dsync.jms.link.BrokerLink#sendNoWait}).
   */
  void send(BrokerMessage m, boolean mayNotWait) throws JMSException {
    if (mode == SESSION_TRANSACTED) {
      synchronized (ackLock) {
        txSends.add(m);
      }
    } else if (mayNotWait && !m.persistent()) {
      connection.link().sendNoWait(m);
    } else {
      connection.link().commit(List.of(m), List.of());
    }
  }

  synchronized ExecutorService completionThread() {
    if (completionThread == null) {
      completionThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dsync-jms-completion");
        t.setDaemon(true);
        return t;
      });
    }
    return completionThread;
  }

  // ------------------------------------------------------------------ listener delivery

  /** Asks the delivery thread to run listeners that have messages. */
  void scheduleDelivery() {
    if (isClosed() || !connection.isStarted()) {
      return;
    }
    if (deliveryScheduled.compareAndSet(false, true)) {
      ExecutorService ex;
      synchronized (this) {
        if (deliveryThread == null) {
          deliveryThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dsync-jms-session");
            t.setDaemon(true);
            return t;
          });
        }
        ex = deliveryThread;
      }
      try {
        ex.execute(this::deliverLoop);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        deliveryScheduled.set(false);
      }
    }
  }

  private void deliverLoop() {
    deliveryScheduled.set(false);
    try {
      deliverUntilIdle();
    } finally {
      try {
        flushLazyAcks();
      } catch (JMSException e) {
        connection.onAsyncError(e);
      }
    }
  }

  private void deliverUntilIdle() {
    boolean progress = true;
    while (progress && !isClosed() && connection.isStarted()) {
      progress = false;
      for (DsyncMessageConsumer c : consumers) {
        if (isClosed() || !connection.isStarted()) {
          return;
        }
        deliveryLock.lock();
        IN_LISTENER.set(this);
        try {
          progress |= c.deliverOneToListener();
        } finally {
          IN_LISTENER.remove();
          deliveryLock.unlock();
        }
      }
    }
  }

  void connectionStarted() {
    scheduleDelivery();
  }

  /** Waits until no listener of this session runs (connection stop). */
  void awaitListenerIdle() {
    if (inOwnListener()) {
      return;
    }
    deliveryLock.lock();
    deliveryLock.unlock();
  }

  // ------------------------------------------------------------------ close

  @Override
  public void close() throws JMSException {
    if (closed) {
      return;
    }
    if (inOwnListener()) {
      throw new IllegalStateException("a message listener must not close its own session");
    }
    if (inOwnCompletionListener()) {
      throw new IllegalStateException("a CompletionListener must not close its own session");
    }
    ExecutorService completions;
    synchronized (this) {
      completions = completionThread;
    }
    if (completions != null) {
      completions.shutdown();
      try {
        completions.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deliveryLock.lock();
    try {
      try {
        flushLazyAcks();
      } catch (JMSException e) {
        connection.onAsyncError(e);
      }
      closed = true;
      for (DsyncMessageConsumer c : consumers) {
        c.closeInternal();
      }
      for (DsyncMessageProducer p : producers) {
        p.closeInternal();
      }
      for (DsyncQueueBrowser b : browsers) {
        b.closeInternal();
      }
      List<AckRef> refs;
      synchronized (ackLock) {
        refs = new ArrayList<>(unacked);
        unacked.clear();
        txSends.clear();
      }
      if (!refs.isEmpty()) {
        connection.link().release(refs);
      }
    } finally {
      deliveryLock.unlock();
    }
    synchronized (this) {
      if (deliveryThread != null) {
        deliveryThread.shutdown();
      }
    }
    connection.sessionClosed(this);
  }

  void consumerClosed(DsyncMessageConsumer c) {
    consumers.remove(c);
  }

  void producerClosed(DsyncMessageProducer p) {
    producers.remove(p);
  }

  void browserClosed(DsyncQueueBrowser b) {
    browsers.remove(b);
  }

  ReentrantLock deliveryLock() {
    return deliveryLock;
  }

  // ------------------------------------------------------------------ session listener (optional)

  @Override
  public MessageListener getMessageListener() throws JMSException {
    checkOpen();
    return sessionListener;
  }

  @Override
  public void setMessageListener(MessageListener listener) throws JMSException {
    checkOpen();
    sessionListener = listener;
  }

  /** Application-server facility; dsync has no server session pool, so this does nothing. */
  @Override
  public void run() {}

  // ------------------------------------------------------------------ producers, consumers, browsers

  @Override
  public MessageProducer createProducer(Destination destination) throws JMSException {
    checkOpen();
    DsyncMessageProducer p = new DsyncMessageProducer(this, destination == null ? null : DsyncDestination.from(destination));
    producers.add(p);
    return p;
  }

  @Override
  public MessageConsumer createConsumer(Destination destination) throws JMSException {
    return createConsumer(destination, null, false);
  }

  @Override
  public MessageConsumer createConsumer(Destination destination, String selector) throws JMSException {
    return createConsumer(destination, selector, false);
  }

  @Override
  public MessageConsumer createConsumer(Destination destination, String selector, boolean noLocal) throws JMSException {
    return consumer(destination, selector, noLocal, null);
  }

  DsyncMessageConsumer consumer(Destination destination, String selector, boolean noLocal, SubscriptionSpec sub) throws JMSException {
    checkOpen();
    DsyncDestination dest = DsyncDestination.from(destination);
    Selector sel = Selector.parse(selector);
    long id = connection.link().newConsumerId();
    ConsumerSpec spec = new ConsumerSpec(id, connection.link().connectionId(), dest.key(), sel.text(), noLocal, sub, connection.prefetch());
    DsyncMessageConsumer c = new DsyncMessageConsumer(this, spec, dest, sel.selectsAll() ? null : selector);
    consumers.add(c);
    try {
      connection.link().createConsumer(spec, c::onDelivery);
    } catch (JMSException e) {
      consumers.remove(c);
      throw e;
    }
    return c;
  }

  private static Topic requireTopic(Topic topic) throws InvalidDestinationException {
    if (topic == null) {
      throw new InvalidDestinationException("the topic is null");
    }
    return topic;
  }

  private static String requireName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a subscription name must not be null or empty");
    }
    return name;
  }

  private String requireClientId() throws JMSException {
    String cid = connection.getClientID();
    if (cid == null) {
      throw new IllegalStateException("an unshared durable subscription needs a client id on the connection");
    }
    return cid;
  }

  @Override
  public MessageConsumer createSharedConsumer(Topic topic, String name) throws JMSException {
    return createSharedConsumer(topic, name, null);
  }

  @Override
  public MessageConsumer createSharedConsumer(Topic topic, String name, String selector) throws JMSException {
    checkOpen();
    requireTopic(topic);
    requireName(name);
    return consumer(topic, selector, false, new SubscriptionSpec(name, connection.getClientID(), false, true));
  }

  @Override
  public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
    return createDurableSubscriber(topic, name, null, false);
  }

  @Override
  public TopicSubscriber createDurableSubscriber(Topic topic, String name, String selector, boolean noLocal) throws JMSException {
    checkOpen();
    requireTopic(topic);
    requireName(name);
    return consumer(topic, selector, noLocal, new SubscriptionSpec(name, requireClientId(), true, false));
  }

  @Override
  public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
    return createDurableSubscriber(topic, name, null, false);
  }

  @Override
  public MessageConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal) throws JMSException {
    return createDurableSubscriber(topic, name, selector, noLocal);
  }

  @Override
  public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
    return createSharedDurableConsumer(topic, name, null);
  }

  @Override
  public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String selector) throws JMSException {
    checkOpen();
    requireTopic(topic);
    requireName(name);
    return consumer(topic, selector, false, new SubscriptionSpec(name, connection.getClientID(), true, true));
  }

  @Override
  public void unsubscribe(String name) throws JMSException {
    checkOpen();
    requireName(name);
    connection.link().unsubscribe(connection.getClientID(), name);
  }

  @Override
  public QueueBrowser createBrowser(Queue queue) throws JMSException {
    return createBrowser(queue, null);
  }

  @Override
  public QueueBrowser createBrowser(Queue queue, String selector) throws JMSException {
    checkOpen();
    if (queue == null) {
      throw new InvalidDestinationException("the queue is null");
    }
    Selector.parse(selector);
    DsyncQueueBrowser b = new DsyncQueueBrowser(this, (DsyncQueue) DsyncDestination.from(queue), selector);
    browsers.add(b);
    return b;
  }

  @Override
  public Queue createQueue(String name) throws JMSException {
    checkOpen();
    if (name == null || name.isEmpty()) {
      throw new InvalidDestinationException("a queue name must not be null or empty");
    }
    return new DsyncQueue(name);
  }

  @Override
  public Topic createTopic(String name) throws JMSException {
    checkOpen();
    if (name == null || name.isEmpty()) {
      throw new InvalidDestinationException("a topic name must not be null or empty");
    }
    return new DsyncTopic(name);
  }

  @Override
  public TemporaryQueue createTemporaryQueue() throws JMSException {
    checkOpen();
    return (TemporaryQueue) connection.createTemporary(false);
  }

  @Override
  public TemporaryTopic createTemporaryTopic() throws JMSException {
    checkOpen();
    return (TemporaryTopic) connection.createTemporary(true);
  }

  @Override
  public QueueReceiver createReceiver(Queue queue) throws JMSException {
    return (QueueReceiver) createConsumer(queue);
  }

  @Override
  public QueueReceiver createReceiver(Queue queue, String selector) throws JMSException {
    return (QueueReceiver) createConsumer(queue, selector);
  }

  @Override
  public QueueSender createSender(Queue queue) throws JMSException {
    return (QueueSender) createProducer(queue);
  }

  @Override
  public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
    return (TopicSubscriber) createConsumer(topic);
  }

  @Override
  public TopicSubscriber createSubscriber(Topic topic, String selector, boolean noLocal) throws JMSException {
    return (TopicSubscriber) createConsumer(topic, selector, noLocal);
  }

  @Override
  public TopicPublisher createPublisher(Topic topic) throws JMSException {
    return (TopicPublisher) createProducer(topic);
  }
}
