package io.dsync.jms;

import io.dsync.jms.broker.DestinationKey;
import io.dsync.jms.link.BrokerLink;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JMS connection (§6.1) over a {@link BrokerLink}. Thread-safe, as the spec requires. Starts
 * stopped; {@link #start} begins delivery; {@link #close} closes its sessions and blocks until
 * running listeners return.
 */
public final class DsyncConnection implements Connection, QueueConnection, TopicConnection {
  private final BrokerLink link;
  private final int prefetch;
  private final String idPrefix = "ID:" + UUID.randomUUID() + ":";
  private final AtomicLong messageCounter = new AtomicLong();
  private final List<DsyncSession> sessions = new CopyOnWriteArrayList<>();
  private final Object stateLock = new Object();
  private volatile String clientId;
  private volatile boolean clientIdFixed;
  private volatile boolean started;
  private volatile boolean closed;
  private volatile ExceptionListener exceptionListener;

  DsyncConnection(BrokerLink link, String presetClientId, int prefetch) throws JMSException {
    this.link = link;
    this.prefetch = prefetch;
    link.onFailure(this::onAsyncError);
    if (presetClientId != null) {
      link.claimClientId(presetClientId);
      this.clientId = presetClientId;
      this.clientIdFixed = true;
    }
  }

  BrokerLink link() {
    return link;
  }

  int prefetch() {
    return prefetch;
  }

  boolean isStarted() {
    return started;
  }

  boolean isClosed() {
    return closed;
  }

  String nextMessageId() {
    return idPrefix + messageCounter.incrementAndGet();
  }

  void checkOpen() throws IllegalStateException {
    if (closed) {
      throw new IllegalStateException("the connection is closed");
    }
  }

  private void fixClientId() {
    clientIdFixed = true;
  }

  // ------------------------------------------------------------------ sessions

  @Override
  public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
    checkOpen();
    fixClientId();
    int mode = transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
    if (mode != Session.SESSION_TRANSACTED && mode != Session.AUTO_ACKNOWLEDGE
        && mode != Session.CLIENT_ACKNOWLEDGE && mode != Session.DUPS_OK_ACKNOWLEDGE) {
      throw new JMSException("invalid acknowledge mode " + acknowledgeMode
          + " (use AUTO_ACKNOWLEDGE=1, CLIENT_ACKNOWLEDGE=2, DUPS_OK_ACKNOWLEDGE=3 or SESSION_TRANSACTED=0)");
    }
    DsyncSession s = new DsyncSession(this, mode);
    sessions.add(s);
    return s;
  }

  @Override
  public Session createSession(int sessionMode) throws JMSException {
    return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
  }

  @Override
  public Session createSession() throws JMSException {
    return createSession(false, Session.AUTO_ACKNOWLEDGE);
  }

  @Override
  public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
    return (QueueSession) createSession(transacted, acknowledgeMode);
  }

  @Override
  public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
    return (TopicSession) createSession(transacted, acknowledgeMode);
  }

  void sessionClosed(DsyncSession s) {
    sessions.remove(s);
  }

  // ------------------------------------------------------------------ client id, listener, metadata

  @Override
  public String getClientID() throws JMSException {
    checkOpen();
    return clientId;
  }

  @Override
  public void setClientID(String id) throws JMSException {
    checkOpen();
    synchronized (stateLock) {
      if (clientId != null) {
        throw new IllegalStateException("the client id is already set to " + clientId);
      }
      if (clientIdFixed) {
        throw new IllegalStateException("the client id must be set before the connection is used");
      }
      if (id == null || id.isEmpty()) {
        throw new InvalidClientIDException("the client id must not be null or empty");
      }
      link.claimClientId(id);
      clientId = id;
      clientIdFixed = true;
    }
  }

  @Override
  public ConnectionMetaData getMetaData() throws JMSException {
    checkOpen();
    return DsyncConnectionMetaData.INSTANCE;
  }

  @Override
  public ExceptionListener getExceptionListener() throws JMSException {
    checkOpen();
    return exceptionListener;
  }

  @Override
  public void setExceptionListener(ExceptionListener listener) throws JMSException {
    checkOpen();
    fixClientId();
    exceptionListener = listener;
  }

  /** Reports an asynchronous problem to the exception listener, if any. */
  void onAsyncError(JMSException e) {
    ExceptionListener l = exceptionListener;
    if (l != null) {
      l.onException(e);
    }
  }

  // ------------------------------------------------------------------ start, stop, close

  @Override
  public void start() throws JMSException {
    checkOpen();
    fixClientId();
    started = true;
    for (DsyncSession s : sessions) {
      s.connectionStarted();
    }
  }

  @Override
  public void stop() throws JMSException {
    checkOpen();
    fixClientId();
    if (DsyncSession.inListenerOf(this)) {
      throw new IllegalStateException("a message or completion listener must not stop its own connection");
    }
    started = false;
    for (DsyncSession s : sessions) {
      s.awaitListenerIdle();
    }
  }

  @Override
  public void close() throws JMSException {
    if (closed) {
      return;
    }
    if (DsyncSession.inListenerOf(this)) {
      throw new IllegalStateException("a message or completion listener must not close its own connection");
    }
    started = false;
    for (DsyncSession s : sessions) {
      s.close();
    }
    closed = true;
    link.close();
  }

  // ------------------------------------------------------------------ temporary destinations

  DsyncDestination createTemporary(boolean topic) throws JMSException {
    checkOpen();
    return DsyncDestination.of(link.createTemporary(topic), this);
  }

  void deleteTemporary(DestinationKey key) throws JMSException {
    checkOpen();
    link.deleteTemporary(key);
  }

  // ------------------------------------------------------------------ connection consumers (optional)

  @Override
  public ConnectionConsumer createConnectionConsumer(Destination d, String s, ServerSessionPool p, int n) throws JMSException {
    throw unsupported();
  }

  @Override
  public ConnectionConsumer createSharedConnectionConsumer(Topic t, String n, String s, ServerSessionPool p, int m) throws JMSException {
    throw unsupported();
  }

  @Override
  public ConnectionConsumer createDurableConnectionConsumer(Topic t, String n, String s, ServerSessionPool p, int m) throws JMSException {
    throw unsupported();
  }

  @Override
  public ConnectionConsumer createSharedDurableConnectionConsumer(Topic t, String n, String s, ServerSessionPool p, int m) throws JMSException {
    throw unsupported();
  }

  @Override
  public ConnectionConsumer createConnectionConsumer(Queue q, String s, ServerSessionPool p, int n) throws JMSException {
    throw unsupported();
  }

  @Override
  public ConnectionConsumer createConnectionConsumer(Topic t, String s, ServerSessionPool p, int n) throws JMSException {
    throw unsupported();
  }

  private JMSException unsupported() throws JMSException {
    checkOpen();
    return new JMSException("connection consumers (an optional application-server facility) are not supported by dsync");
  }
}
