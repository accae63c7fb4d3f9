package io.dsync.jms;

import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.ConsumerSpec;
import io.dsync.jms.broker.Delivery;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A message consumer (§8.6–8.7): synchronous receive or a {@link MessageListener}, fed from a
 * prefetch buffer that the broker fills up to the consumer's credit (so a slow consumer holds at
 * most {@code prefetch} messages). {@link #close} may be called from any thread.
 */
public final class DsyncMessageConsumer implements MessageConsumer, QueueReceiver, TopicSubscriber {
  private final DsyncSession session;
  private final ConsumerSpec spec;
  private final DsyncDestination destination;
  private final String selector;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
  private volatile MessageListener listener;
  private volatile boolean closed;

  DsyncMessageConsumer(DsyncSession session, ConsumerSpec spec, DsyncDestination destination, String selector) {
    this.session = session;
    this.spec = spec;
    this.destination = destination;
    this.selector = selector;
  }

  long id() {
    return spec.consumerId();
  }

  /** Sink for the broker: called in dispatch order, never blocks. */
  void onDelivery(Delivery d) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      buffer.addLast(d);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (listener != null) {
      session.scheduleDelivery();
    }
  }

  /** Whether a delivery is waiting in the prefetch buffer. */
  boolean hasBuffered() {
    lock.lock();
    try {
      return !buffer.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Takes the prefetched, unconsumed deliveries out (recover, rollback). */
  List<AckRef> drainPrefetched() {
    lock.lock();
    try {
      List<AckRef> refs = new ArrayList<>(buffer.size());
      for (Delivery d : buffer) {
        refs.add(d.ref());
      }
      buffer.clear();
      return refs;
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() throws IllegalStateException {
    if (closed || session.isClosed()) {
      throw new IllegalStateException("the consumer is closed");
    }
  }

  @Override
  public String getMessageSelector() throws JMSException {
    checkOpen();
    return selector;
  }

  @Override
  public MessageListener getMessageListener() throws JMSException {
    checkOpen();
    return listener;
  }

  @Override
  public void setMessageListener(MessageListener l) throws JMSException {
    checkOpen();
    listener = l;
    if (l != null) {
      session.scheduleDelivery();
    }
  }

  @Override
  public Message receive() throws JMSException {
    return receive(0);
  }

  @Override
  public Message receive(long timeout) throws JMSException {
    return doReceive(timeout <= 0 ? Long.MAX_VALUE : timeout);
  }

  @Override
  public Message receiveNoWait() throws JMSException {
    return doReceive(-1);
  }

  private Message doReceive(long timeoutMillis) throws JMSException {
    checkOpen();
    if (listener != null) {
      throw new IllegalStateException("receive is not allowed while a message listener is set");
    }
    long deadline = timeoutMillis < 0 ? 0 : (timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis);
    while (true) {
      Delivery d = take(deadline);
      if (d == null) {
        JMSException lost = session.connection().link().failure();
        if (lost != null && !closed && !session.isClosed()) {
          JMSException e = new JMSException(lost.getMessage(), lost.getErrorCode());
          e.initCause(lost);
          throw e;
        }
        return null;
      }
      if (d.message().expiredAt(System.currentTimeMillis())) {
        discardExpired(d);
        continue;
      }
      DsyncMessage m = toMessage(d);
      session.consumed(this, d, false);
      return m;
    }
  }

  private void discardExpired(Delivery d) throws JMSException {
    session.connection().link().consumed(id(), d.ref());
    session.connection().link().acknowledge(List.of(d.ref()));
  }

  private DsyncMessage toMessage(Delivery d) throws JMSException {
    DsyncMessage m = Messages.fromBroker(d, session.connection());
    if (session.mode() == Session.CLIENT_ACKNOWLEDGE) {
      m.acknowledger = session::acknowledgeAll;
    } else {
      m.acknowledger = () -> {
        if (session.isClosed()) {
          throw new IllegalStateException("cannot acknowledge: the session is closed");
        }
      };
    }
    return m;
  }

  private Delivery take(long deadline) {
    lock.lock();
    try {
      while (true) {
        if (closed || session.isClosed() || session.connection().link().failure() != null) {
          return null;
        }
        if (session.connection().isStarted() && !buffer.isEmpty()) {
          return buffer.pollFirst();
        }
        long now = System.currentTimeMillis();
        if (deadline == 0 || now >= deadline) {
          return null;
        }
        try {
          if (deadline == Long.MAX_VALUE) {
            changed.await(100, TimeUnit.MILLISECONDS);
          } else {
            changed.await(Math.min(deadline - now, 100), TimeUnit.MILLISECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** On the session's delivery thread: hands one buffered message to the listener. */
  boolean deliverOneToListener() {
    MessageListener l = listener;
    if (l == null || closed) {
      return false;
    }
    Delivery d;
    lock.lock();
    try {
      d = buffer.pollFirst();
    } finally {
      lock.unlock();
    }
    if (d == null) {
      return false;
    }
    try {
      if (d.message().expiredAt(System.currentTimeMillis())) {
        discardExpired(d);
        return true;
      }
      DsyncMessage m = toMessage(d);
      session.consumed(this, d, true);
      boolean threw = false;
      try {
        l.onMessage(m);
      } catch (RuntimeException e) {
        threw = true;
      }
      session.afterListener(d, threw);
    } catch (JMSException e) {
      session.connection().onAsyncError(e);
    }
    return true;
  }

  @Override
  public void close() throws JMSException {
    if (closed) {
      return;
    }
    if (session.inOwnListener()) {
      closeInternal();
      return;
    }
    session.deliveryLock().lock();
    try {
      closeInternal();
    } finally {
      session.deliveryLock().unlock();
    }
  }

  void closeInternal() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      buffer.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    session.connection().link().closeConsumer(id());
    session.consumerClosed(this);
  }

  @Override
  public Queue getQueue() throws JMSException {
    checkOpen();
    return destination instanceof Queue q ? q : null;
  }

  @Override
  public Topic getTopic() throws JMSException {
    checkOpen();
    return destination instanceof Topic t ? t : null;
  }

  @Override
  public boolean getNoLocal() throws JMSException {
    checkOpen();
    return spec.noLocal();
  }

  /**
   * JMSConsumer.receiveBody: like receive, but a message whose body cannot be assigned to the
   * type is not consumed (it comes back, redelivered) and MessageFormatException is thrown.
   */
  <T> T receiveBody(Class<T> type, long timeoutMillis) throws JMSException {
    checkOpen();
    if (listener != null) {
      throw new IllegalStateException("receive is not allowed while a message listener is set");
    }
    long deadline = timeoutMillis < 0 ? 0 : (timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis);
    while (true) {
      Delivery d = take(deadline);
      if (d == null) {
        JMSException lost = session.connection().link().failure();
        if (lost != null && !closed && !session.isClosed()) {
          JMSException e = new JMSException(lost.getMessage(), lost.getErrorCode());
          e.initCause(lost);
          throw e;
        }
        return null;
      }
      if (d.message().expiredAt(System.currentTimeMillis())) {
        discardExpired(d);
        continue;
      }
      DsyncMessage m = toMessage(d);
      if (m instanceof DsyncStreamMessage || !m.isBodyAssignableTo(type)) {
        session.connection().link().consumed(id(), d.ref());
        session.connection().link().release(List.of(d.ref()));
        throw new jakarta.jms.MessageFormatException("the message body cannot be assigned to " + type.getName());
      }
      session.consumed(this, d, false);
      return m.getBody(type);
    }
  }
}
