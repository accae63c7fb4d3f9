package io.dsync.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simplified API's context (§2.7, §6.3): one connection (shared by the contexts made with
 * {@link #createContext}) and one session, created on first use so the client id can still be
 * set. Unchecked exceptions throughout. Not thread-safe, like a session.
 */
public final class DsyncJMSContext implements JMSContext {
  private final DsyncConnection connection;
  private final AtomicInteger connectionUsers;
  private final int sessionMode;
  private DsyncSession session;
  private boolean autoStart = true;
  private volatile boolean closed;

  DsyncJMSContext(DsyncConnection connection, int sessionMode) {
    this(connection, sessionMode, new AtomicInteger(1));
  }

  private DsyncJMSContext(DsyncConnection connection, int sessionMode, AtomicInteger users) {
    this.connection = connection;
    this.sessionMode = sessionMode;
    this.connectionUsers = users;
  }

  static void checkMode(int mode) {
    if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE && mode != DUPS_OK_ACKNOWLEDGE) {
      throw new JMSRuntimeException("invalid session mode " + mode
          + " (use AUTO_ACKNOWLEDGE=1, CLIENT_ACKNOWLEDGE=2, DUPS_OK_ACKNOWLEDGE=3 or SESSION_TRANSACTED=0)");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateRuntimeException("the JMSContext is closed");
    }
  }

  synchronized DsyncSession session() {
    checkOpen();
    if (session == null) {
      try {
        session = (DsyncSession) connection.createSession(sessionMode);
      } catch (JMSException e) {
        throw RuntimeExceptions.of(e);
      }
    }
    return session;
  }

  private void maybeStart() {
    if (autoStart) {
      try {
        connection.start();
      } catch (JMSException e) {
        throw RuntimeExceptions.of(e);
      }
    }
  }

  /** Calls a JMS operation, converting its checked exception. */
  interface Op<T> {
    T run() throws JMSException;
  }

  static <T> T call(Op<T> op) {
    try {
      return op.run();
    } catch (JMSException e) {
      throw RuntimeExceptions.of(e);
    }
  }

  @Override
  public JMSContext createContext(int mode) {
    checkOpen();
    checkMode(mode);
    connectionUsers.incrementAndGet();
    return new DsyncJMSContext(connection, mode, connectionUsers);
  }

  @Override
  public JMSProducer createProducer() {
    return new DsyncJMSProducer(this, call(() -> (DsyncMessageProducer) session().createProducer(null)));
  }

  @Override
  public String getClientID() {
    checkOpen();
    return call(connection::getClientID);
  }

  @Override
  public void setClientID(String id) {
    checkOpen();
    call(() -> {
      connection.setClientID(id);
      return null;
    });
  }

  @Override
  public ConnectionMetaData getMetaData() {
    checkOpen();
    return call(connection::getMetaData);
  }

  @Override
  public ExceptionListener getExceptionListener() {
    checkOpen();
    return call(connection::getExceptionListener);
  }

  @Override
  public void setExceptionListener(ExceptionListener listener) {
    checkOpen();
    call(() -> {
      connection.setExceptionListener(listener);
      return null;
    });
  }

  @Override
  public void start() {
    checkOpen();
    call(() -> {
      connection.start();
      return null;
    });
  }

  @Override
  public void stop() {
    checkOpen();
    call(() -> {
      connection.stop();
      return null;
    });
  }

  @Override
  public void setAutoStart(boolean value) {
    checkOpen();
    autoStart = value;
  }

  @Override
  public boolean getAutoStart() {
    checkOpen();
    return autoStart;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    DsyncSession s;
    synchronized (this) {
      s = session;
    }
    if (s != null && s.inOwnListener()) {
      throw new IllegalStateRuntimeException("a message listener must not close its own JMSContext");
    }
    call(() -> {
      if (s != null) {
        s.close();
      }
      if (connectionUsers.decrementAndGet() == 0) {
        connection.close();
      }
      return null;
    });
    closed = true;
  }

  @Override
  public BytesMessage createBytesMessage() {
    return call(session()::createBytesMessage);
  }

  @Override
  public MapMessage createMapMessage() {
    return call(session()::createMapMessage);
  }

  @Override
  public Message createMessage() {
    return call(session()::createMessage);
  }

  @Override
  public ObjectMessage createObjectMessage() {
    return call(session()::createObjectMessage);
  }

  @Override
  public ObjectMessage createObjectMessage(Serializable object) {
    return call(() -> session().createObjectMessage(object));
  }

  @Override
  public StreamMessage createStreamMessage() {
    return call(session()::createStreamMessage);
  }

  @Override
  public TextMessage createTextMessage() {
    return call(session()::createTextMessage);
  }

  @Override
  public TextMessage createTextMessage(String text) {
    return call(() -> session().createTextMessage(text));
  }

  @Override
  public boolean getTransacted() {
    return call(session()::getTransacted);
  }

  @Override
  public int getSessionMode() {
    checkOpen();
    return sessionMode;
  }

  @Override
  public void commit() {
    call(() -> {
      session().commit();
      return null;
    });
  }

  @Override
  public void rollback() {
    call(() -> {
      session().rollback();
      return null;
    });
  }

  @Override
  public void recover() {
    call(() -> {
      session().recover();
      return null;
    });
  }

  private JMSConsumer consumer(Op<jakarta.jms.MessageConsumer> op) {
    DsyncMessageConsumer c = (DsyncMessageConsumer) call(op);
    maybeStart();
    return new DsyncJMSConsumer(c);
  }

  @Override
  public JMSConsumer createConsumer(Destination destination) {
    return consumer(() -> session().createConsumer(destination));
  }

  @Override
  public JMSConsumer createConsumer(Destination destination, String selector) {
    return consumer(() -> session().createConsumer(destination, selector));
  }

  @Override
  public JMSConsumer createConsumer(Destination destination, String selector, boolean noLocal) {
    return consumer(() -> session().createConsumer(destination, selector, noLocal));
  }

  @Override
  public Queue createQueue(String name) {
    checkOpen();
    if (name == null || name.isEmpty()) {
      throw new jakarta.jms.InvalidDestinationRuntimeException("a queue name must not be null or empty");
    }
    return new DsyncQueue(name);
  }

  @Override
  public Topic createTopic(String name) {
    checkOpen();
    if (name == null || name.isEmpty()) {
      throw new jakarta.jms.InvalidDestinationRuntimeException("a topic name must not be null or empty");
    }
    return new DsyncTopic(name);
  }

  @Override
  public JMSConsumer createDurableConsumer(Topic topic, String name) {
    return consumer(() -> session().createDurableConsumer(topic, name));
  }

  @Override
  public JMSConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal) {
    return consumer(() -> session().createDurableConsumer(topic, name, selector, noLocal));
  }

  @Override
  public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
    return consumer(() -> session().createSharedDurableConsumer(topic, name));
  }

  @Override
  public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String selector) {
    return consumer(() -> session().createSharedDurableConsumer(topic, name, selector));
  }

  @Override
  public JMSConsumer createSharedConsumer(Topic topic, String name) {
    return consumer(() -> session().createSharedConsumer(topic, name));
  }

  @Override
  public JMSConsumer createSharedConsumer(Topic topic, String name, String selector) {
    return consumer(() -> session().createSharedConsumer(topic, name, selector));
  }

  @Override
  public QueueBrowser createBrowser(Queue queue) {
    return call(() -> session().createBrowser(queue));
  }

  @Override
  public QueueBrowser createBrowser(Queue queue, String selector) {
    return call(() -> session().createBrowser(queue, selector));
  }

  @Override
  public TemporaryQueue createTemporaryQueue() {
    return call(session()::createTemporaryQueue);
  }

  @Override
  public TemporaryTopic createTemporaryTopic() {
    return call(session()::createTemporaryTopic);
  }

  @Override
  public void unsubscribe(String name) {
    call(() -> {
      session().unsubscribe(name);
      return null;
    });
  }

  @Override
  public void acknowledge() {
    DsyncSession s = session();
    call(() -> {
      s.acknowledgeAll();
      return null;
    });
  }
}
