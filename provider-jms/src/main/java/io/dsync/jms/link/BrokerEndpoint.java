package io.dsync.jms.link;

import jakarta.jms.JMSException;

/** Where connections come from: an embedded broker, or (later) a remote node over TCP. */
public interface BrokerEndpoint {
  /**
   * Opens a connection-level link after checking the credentials.
   *
   * @param user user name or null for anonymous
   * @param password password or null
   * @throws jakarta.jms.JMSSecurityException for wrong credentials or refused anonymous access
   */
  BrokerLink connect(String user, String password) throws JMSException;
}
