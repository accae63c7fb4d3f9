package io.dsync.jms;

import io.dsync.jms.broker.DestinationKey;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/** A temporary topic, alive while its connection is (§6.2.2). Thread-safe. */
public final class DsyncTemporaryTopic extends DsyncTopic implements TemporaryTopic {
  private static final long serialVersionUID = 1L;
  private final transient DsyncConnection owner;

  DsyncTemporaryTopic(DestinationKey key, DsyncConnection owner) {
    super(key);
    this.owner = owner;
  }

  @Override
  public void delete() throws JMSException {
    if (owner == null) {
      throw new jakarta.jms.IllegalStateException("only the creating connection can delete a temporary topic");
    }
    owner.deleteTemporary(key());
  }
}
