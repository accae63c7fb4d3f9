package io.dsync.jms;

import io.dsync.jms.broker.DestinationKey;
import jakarta.jms.Topic;

/** A topic by name. Immutable and thread-safe. */
public class DsyncTopic extends DsyncDestination implements Topic {
  private static final long serialVersionUID = 1L;

  /** The topic of that name. */
  public DsyncTopic(String name) {
    super(DestinationKey.topic(name));
  }

  DsyncTopic(DestinationKey key) {
    super(key);
  }

  @Override
  public String getTopicName() {
    return key().name();
  }
}
