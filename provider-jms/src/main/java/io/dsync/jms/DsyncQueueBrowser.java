package io.dsync.jms;

import io.dsync.jms.broker.Delivery;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A queue browser (§8.9): each {@link #getEnumeration} takes a snapshot of the ready messages
 * that the selector picks, without consuming them. Not thread-safe.
 */
public final class DsyncQueueBrowser implements QueueBrowser {
  private final DsyncSession session;
  private final DsyncQueue queue;
  private final String selector;
  private volatile boolean closed;

  DsyncQueueBrowser(DsyncSession session, DsyncQueue queue, String selector) {
    this.session = session;
    this.queue = queue;
    this.selector = selector;
  }

  private void checkOpen() throws IllegalStateException {
    if (closed || session.isClosed()) {
      throw new IllegalStateException("the browser is closed");
    }
  }

  @Override
  public Queue getQueue() throws JMSException {
    checkOpen();
    return queue;
  }

  @Override
  public String getMessageSelector() throws JMSException {
    checkOpen();
    return selector;
  }

  @Override
  public Enumeration<?> getEnumeration() throws JMSException {
    checkOpen();
    List<jakarta.jms.Message> out = new ArrayList<>();
    for (Delivery d : session.connection().link().browse(queue.key(), selector)) {
      DsyncMessage m = Messages.fromBrokerMessage(d.message(), session.connection());
      m.setJMSRedelivered(d.redelivered());
      m.setPropertyInternal("JMSXDeliveryCount", d.deliveryCount());
      m.markReceived();
      out.add(m);
    }
    Iterator<jakarta.jms.Message> it = out.iterator();
    return new Enumeration<jakarta.jms.Message>() {
      @Override
      public boolean hasMoreElements() {
        return it.hasNext();
      }

      @Override
      public jakarta.jms.Message nextElement() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        return it.next();
      }
    };
  }

  @Override
  public void close() throws JMSException {
    closeInternal();
  }

  void closeInternal() {
    closed = true;
    session.browserClosed(this);
  }
}
