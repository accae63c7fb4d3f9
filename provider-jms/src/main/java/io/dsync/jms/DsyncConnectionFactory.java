package io.dsync.jms;

import io.dsync.jms.link.BrokerEndpoint;
import io.dsync.jms.server.EmbeddedBrokers;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.io.Serializable;

/**
 * dsync's JMS connection factory (also a queue and a topic connection factory). The no-argument
 * constructor uses the embedded, in-memory broker {@code vm://localhost}; a URL selects another
 * embedded broker ({@code vm://name?dataDir=/path} for a persistent one) or a node over TCP
 * ({@code dsync://host:port,...}). Thread-safe; connections may block while the embedded broker
 * starts and recovers its WAL.
 */
public class DsyncConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Serializable {
  private static final long serialVersionUID = 1L;

  private String brokerUrl;
  private transient BrokerEndpoint endpoint;
  private transient boolean custom;

  /** A factory for the embedded in-memory broker {@code vm://localhost}. */
  public DsyncConnectionFactory() {
    this("vm://localhost");
  }

  /** A factory for a broker URL ({@code vm://…} or {@code dsync://host:port,...}). */
  public DsyncConnectionFactory(String brokerUrl) {
    setBrokerURL(brokerUrl);
  }

  /** A factory for a broker endpoint of this JVM (for example a started {@code LocalBroker}). */
  public DsyncConnectionFactory(BrokerEndpoint endpoint) {
    this.brokerUrl = "vm://custom";
    this.endpoint = endpoint;
    this.custom = true;
  }

  /** Sets the broker URL; IllegalArgumentException when it is not a vm:// or dsync:// URL. */
  public final void setBrokerURL(String url) {
    BrokerUrl.parse(url);
    this.brokerUrl = url;
    this.endpoint = null;
    this.custom = false;
  }

  /** The broker URL. */
  public String getBrokerURL() {
    return brokerUrl;
  }

  private synchronized BrokerEndpoint endpoint(BrokerUrl url) throws JMSException {
    if (endpoint instanceof io.dsync.jms.server.LocalBroker broker && broker.isClosed() && !custom) {
      endpoint = null; // the embedded broker was stopped: start (or find) it again by its URL
    }
    if (endpoint != null) {
      return endpoint;
    }
    if (url.scheme().equals("dsync")) {
      String tcp = brokerUrl.indexOf('?') < 0 ? brokerUrl : brokerUrl.substring(0, brokerUrl.indexOf('?'));
      endpoint = new io.dsync.jms.remote.RemoteEndpoint(tcp, url.sendWindow());
      return endpoint;
    }
    try {
      endpoint = EmbeddedBrokers.getOrStart(url.brokerConfig());
    } catch (RuntimeException e) {
      JMSException j = new JMSException("cannot start the embedded broker for " + brokerUrl + ": " + e.getMessage());
      j.initCause(e);
      throw j;
    }
    return endpoint;
  }

  @Override
  public Connection createConnection() throws JMSException {
    return createConnection(null, null);
  }

  @Override
  public Connection createConnection(String user, String password) throws JMSException {
    BrokerUrl url = BrokerUrl.parse(brokerUrl);
    return new DsyncConnection(endpoint(url).connect(user, password), url.clientId(), url.prefetch());
  }

  @Override
  public QueueConnection createQueueConnection() throws JMSException {
    return (QueueConnection) createConnection();
  }

  @Override
  public QueueConnection createQueueConnection(String user, String password) throws JMSException {
    return (QueueConnection) createConnection(user, password);
  }

  @Override
  public TopicConnection createTopicConnection() throws JMSException {
    return (TopicConnection) createConnection();
  }

  @Override
  public TopicConnection createTopicConnection(String user, String password) throws JMSException {
    return (TopicConnection) createConnection(user, password);
  }

  @Override
  public JMSContext createContext() {
    return createContext(null, null, JMSContext.AUTO_ACKNOWLEDGE);
  }

  @Override
  public JMSContext createContext(String user, String password) {
    return createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
  }

  @Override
  public JMSContext createContext(int sessionMode) {
    return createContext(null, null, sessionMode);
  }

  @Override
  public JMSContext createContext(String user, String password, int sessionMode) {
    DsyncJMSContext.checkMode(sessionMode);
    try {
      return new DsyncJMSContext((DsyncConnection) createConnection(user, password), sessionMode);
    } catch (JMSException e) {
      throw RuntimeExceptions.of(e);
    } catch (JMSRuntimeException e) {
      throw e;
    }
  }

  @Override
  public String toString() {
    return "DsyncConnectionFactory[" + brokerUrl + "]";
  }
}
