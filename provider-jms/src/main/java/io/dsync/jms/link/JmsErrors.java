package io.dsync.jms.link;

import io.dsync.jms.broker.BrokerException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.ResourceAllocationException;

/** Maps engine errors to the spec's exceptions, once, at the boundary. */
public final class JmsErrors {
  private JmsErrors() {}

  /** The JMS exception for an engine error. */
  public static JMSException toJms(BrokerException e) {
    JMSException out = switch (e.kind()) {
      case INVALID_DESTINATION -> new InvalidDestinationException(e.getMessage());
      case ILLEGAL_STATE -> new IllegalStateException(e.getMessage());
      case RESOURCE -> new ResourceAllocationException(e.getMessage());
      case INVALID_CLIENT_ID -> new InvalidClientIDException(e.getMessage());
      case SECURITY -> new JMSSecurityException(e.getMessage());
      default -> new JMSException(e.getMessage());
    };
    out.initCause(e);
    return out;
  }
}
