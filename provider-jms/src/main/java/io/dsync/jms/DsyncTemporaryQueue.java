package io.dsync.jms;

import io.dsync.jms.broker.DestinationKey;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/** A temporary queue, alive while its connection is (§6.2.2). Thread-safe. */
public final class DsyncTemporaryQueue extends DsyncQueue implements TemporaryQueue {
  private static final long serialVersionUID = 1L;
  private final transient DsyncConnection owner;

  DsyncTemporaryQueue(DestinationKey key, DsyncConnection owner) {
    super(key);
    this.owner = owner;
  }

  @Override
  public void delete() throws JMSException {
    if (owner == null) {
      throw new jakarta.jms.IllegalStateException("only the creating connection can delete a temporary queue");
    }
    owner.deleteTemporary(key());
  }
}
