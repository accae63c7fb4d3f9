package io.dsync.jms;

import io.dsync.jms.broker.DestinationKey;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.io.Serializable;

/** Base of dsync's destinations: a {@link DestinationKey}. Immutable and thread-safe. */
public abstract class DsyncDestination implements Destination, Serializable {
  private static final long serialVersionUID = 1L;

  private final DestinationKey key;

  DsyncDestination(DestinationKey key) {
    this.key = key;
  }

  /** The broker's key. */
  public DestinationKey key() {
    return key;
  }

  /** The destination for a broker key. */
  public static DsyncDestination of(DestinationKey key, DsyncConnection owner) {
    return switch (key.kind()) {
      case QUEUE -> new DsyncQueue(key.name());
      case TOPIC -> new DsyncTopic(key.name());
      case TEMP_QUEUE -> new DsyncTemporaryQueue(key, owner);
      case TEMP_TOPIC -> new DsyncTemporaryTopic(key, owner);
    };
  }

  /** Converts any JMS destination (a foreign one by its name) to ours. */
  static DsyncDestination from(Destination d) throws JMSException {
    if (d == null) {
      throw new InvalidDestinationException("the destination is null");
    }
    if (d instanceof DsyncDestination dd) {
      return dd;
    }
    if (d instanceof jakarta.jms.TemporaryQueue || d instanceof jakarta.jms.TemporaryTopic) {
      throw new InvalidDestinationException("a temporary destination of another provider cannot be used: " + d);
    }
    if (d instanceof jakarta.jms.Queue q) {
      return new DsyncQueue(q.getQueueName());
    }
    if (d instanceof jakarta.jms.Topic t) {
      return new DsyncTopic(t.getTopicName());
    }
    throw new InvalidDestinationException("not a queue or topic: " + d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DsyncDestination d && d.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
