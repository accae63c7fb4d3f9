package io.dsync.jms;

import io.dsync.jms.broker.DestinationKey;
import jakarta.jms.Queue;

/** A queue by name. Immutable and thread-safe. */
public class DsyncQueue extends DsyncDestination implements Queue {
  private static final long serialVersionUID = 1L;

  /** The queue of that name. */
  public DsyncQueue(String name) {
    super(DestinationKey.queue(name));
  }

  DsyncQueue(DestinationKey key) {
    super(key);
  }

  @Override
  public String getQueueName() {
    return key().name();
  }
}
