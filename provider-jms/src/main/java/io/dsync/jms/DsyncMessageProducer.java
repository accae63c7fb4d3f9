package io.dsync.jms;

import io.dsync.jms.broker.BrokerMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

/**
 * A message producer (§7): sets the message headers, checks the size, and sends through its
 * session (buffered in a transaction). A synchronous send of a persistent message returns after
 * the broker has written it to its WAL (per the fsync policy); an asynchronous send runs on the
 * session's completion thread, in order, and calls the {@link CompletionListener} there.
 */
public final class DsyncMessageProducer implements MessageProducer, QueueSender, TopicPublisher {
  private final DsyncSession session;
  private final DsyncDestination destination;
  private int deliveryMode = DeliveryMode.PERSISTENT;
  private int priority = Message.DEFAULT_PRIORITY;
  private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
  private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
  private boolean disableMessageId;
  private boolean disableTimestamp;
  private volatile boolean closed;

  DsyncMessageProducer(DsyncSession session, DsyncDestination destination) {
    this.session = session;
    this.destination = destination;
  }

  private void checkOpen() throws IllegalStateException {
    if (closed || session.isClosed()) {
      throw new IllegalStateException("the producer is closed");
    }
  }

  @Override
  public void setDisableMessageID(boolean value) throws JMSException {
    checkOpen();
    disableMessageId = value;
  }

  @Override
  public boolean getDisableMessageID() throws JMSException {
    checkOpen();
    return disableMessageId;
  }

  @Override
  public void setDisableMessageTimestamp(boolean value) throws JMSException {
    checkOpen();
    disableTimestamp = value;
  }

  @Override
  public boolean getDisableMessageTimestamp() throws JMSException {
    checkOpen();
    return disableTimestamp;
  }

  @Override
  public void setDeliveryMode(int mode) throws JMSException {
    checkOpen();
    checkMode(mode);
    deliveryMode = mode;
  }

  private static void checkMode(int mode) throws JMSException {
    if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
      throw new JMSException("invalid delivery mode " + mode + " (PERSISTENT=2, NON_PERSISTENT=1)");
    }
  }

  private static void checkPriority(int p) throws JMSException {
    if (p < 0 || p > 9) {
      throw new JMSException("invalid priority " + p + " (0..9)");
    }
  }

  @Override
  public int getDeliveryMode() throws JMSException {
    checkOpen();
    return deliveryMode;
  }

  @Override
  public void setPriority(int p) throws JMSException {
    checkOpen();
    checkPriority(p);
    priority = p;
  }

  @Override
  public int getPriority() throws JMSException {
    checkOpen();
    return priority;
  }

  @Override
  public void setTimeToLive(long ttl) throws JMSException {
    checkOpen();
    timeToLive = ttl;
  }

  @Override
  public long getTimeToLive() throws JMSException {
    checkOpen();
    return timeToLive;
  }

  @Override
  public void setDeliveryDelay(long delay) throws JMSException {
    checkOpen();
    deliveryDelay = delay;
  }

  @Override
  public long getDeliveryDelay() throws JMSException {
    checkOpen();
    return deliveryDelay;
  }

  @Override
  public Destination getDestination() throws JMSException {
    checkOpen();
    return destination;
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
  public void close() throws JMSException {
    if (session.inOwnCompletionListener()) {
      throw new IllegalStateException("a CompletionListener must not close its own producer");
    }
    closeInternal();
  }

  void closeInternal() {
    closed = true;
    session.producerClosed(this);
  }

  // ------------------------------------------------------------------ send

  @Override
  public void send(Message message) throws JMSException {
    send(message, deliveryMode, priority, timeToLive);
  }

  @Override
  public void send(Message message, int mode, int prio, long ttl) throws JMSException {
    checkOpen();
    if (destination == null) {
      throw new UnsupportedOperationException("this producer has no destination; use send(Destination, Message)");
    }
    doSend(destination, message, mode, prio, ttl, null);
  }

  @Override
  public void send(Destination dest, Message message) throws JMSException {
    send(dest, message, deliveryMode, priority, timeToLive);
  }

  @Override
  public void send(Destination dest, Message message, int mode, int prio, long ttl) throws JMSException {
    checkOpen();
    doSend(explicitDestination(dest), message, mode, prio, ttl, null);
  }

  private DsyncDestination explicitDestination(Destination dest) throws JMSException {
    if (destination != null) {
      throw new UnsupportedOperationException("this producer was created with a destination");
    }
    if (dest == null) {
      throw new InvalidDestinationException("the destination is null");
    }
    return DsyncDestination.from(dest);
  }

  @Override
  public void send(Message message, CompletionListener listener) throws JMSException {
    send(message, deliveryMode, priority, timeToLive, listener);
  }

  @Override
  public void send(Message message, int mode, int prio, long ttl, CompletionListener listener) throws JMSException {
    checkOpen();
    if (destination == null) {
      throw new UnsupportedOperationException("this producer has no destination; use send(Destination, Message, CompletionListener)");
    }
    requireListener(listener);
    doSend(destination, message, mode, prio, ttl, listener);
  }

  @Override
  public void send(Destination dest, Message message, CompletionListener listener) throws JMSException {
    send(dest, message, deliveryMode, priority, timeToLive, listener);
  }

  @Override
  public void send(Destination dest, Message message, int mode, int prio, long ttl, CompletionListener listener) throws JMSException {
    checkOpen();
    requireListener(listener);
    doSend(explicitDestination(dest), message, mode, prio, ttl, listener);
  }

  private static void requireListener(CompletionListener l) {
    if (l == null) {
      throw new IllegalArgumentException("the completion listener is null");
    }
  }

  @Override
  public void send(Queue queue, Message message) throws JMSException {
    send((Destination) queue, message);
  }

  @Override
  public void send(Queue queue, Message message, int mode, int prio, long ttl) throws JMSException {
    send((Destination) queue, message, mode, prio, ttl);
  }

  @Override
  public void publish(Message message) throws JMSException {
    send(message);
  }

  @Override
  public void publish(Message message, int mode, int prio, long ttl) throws JMSException {
    send(message, mode, prio, ttl);
  }

  @Override
  public void publish(Topic topic, Message message) throws JMSException {
    send(topic, message);
  }

  @Override
  public void publish(Topic topic, Message message, int mode, int prio, long ttl) throws JMSException {
    send(topic, message, mode, prio, ttl);
  }

  void doSend(DsyncDestination dest, Message message, int mode, int prio, long ttl, CompletionListener listener) throws JMSException {
    if (message == null) {
      throw new MessageFormatException("the message is null");
    }
    checkMode(mode);
    checkPriority(prio);
    long now = System.currentTimeMillis();
    message.setJMSDestination(dest);
    message.setJMSDeliveryMode(mode);
    message.setJMSPriority(prio);
    message.setJMSExpiration(ttl > 0 ? now + ttl : 0);
    message.setJMSTimestamp(disableTimestamp ? 0 : now);
    message.setJMSMessageID(disableMessageId ? null : session.connection().nextMessageId());
    message.setJMSDeliveryTime(now + Math.max(0, deliveryDelay));
    DsyncMessage m = message instanceof DsyncMessage dm ? dm : Messages.fromForeign(message);
    if (m != message) {
      m.setJMSDestination(dest);
      m.setJMSDeliveryMode(mode);
      m.setJMSPriority(prio);
      m.setJMSExpiration(message.getJMSExpiration());
      m.setJMSTimestamp(message.getJMSTimestamp());
      m.setJMSMessageID(message.getJMSMessageID());
      m.setJMSDeliveryTime(message.getJMSDeliveryTime());
    }
    BrokerMessage bm = Messages.toBroker(m, dest, session.connection().link().connectionId());
    int size = bm.approximateSize();
    int max = session.connection().link().maxMessageBytes();
    if (size > max) {
      throw new jakarta.jms.ResourceAllocationException("the message is about " + size + " bytes; the broker accepts at most " + max + " bytes", "DSYNC_MESSAGE_TOO_LARGE");
    }
    if (listener == null) {
      session.send(bm, true);
      return;
    }
    session.completionThread().execute(() -> {
      DsyncSession.IN_COMPLETION.set(session);
      try {
        try {
          session.send(bm);
        } catch (JMSException | RuntimeException e) {
          listener.onException(message, e instanceof JMSException j ? j : new JMSException(e.toString()));
          return;
        }
        listener.onCompletion(message);
      } finally {
        DsyncSession.IN_COMPLETION.remove();
      }
    });
  }
}
