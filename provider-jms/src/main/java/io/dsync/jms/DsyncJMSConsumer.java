package io.dsync.jms;

import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/** The simplified API's consumer (§8.7): a {@link DsyncMessageConsumer} with unchecked exceptions. */
final class DsyncJMSConsumer implements JMSConsumer {
  private final DsyncMessageConsumer consumer;

  DsyncJMSConsumer(DsyncMessageConsumer consumer) {
    this.consumer = consumer;
  }

  @Override
  public String getMessageSelector() {
    return DsyncJMSContext.call(consumer::getMessageSelector);
  }

  @Override
  public MessageListener getMessageListener() {
    return DsyncJMSContext.call(consumer::getMessageListener);
  }

  @Override
  public void setMessageListener(MessageListener listener) {
    DsyncJMSContext.call(() -> {
      consumer.setMessageListener(listener);
      return null;
    });
  }

  @Override
  public Message receive() {
    return DsyncJMSContext.call(consumer::receive);
  }

  @Override
  public Message receive(long timeout) {
    return DsyncJMSContext.call(() -> consumer.receive(timeout));
  }

  @Override
  public Message receiveNoWait() {
    return DsyncJMSContext.call(consumer::receiveNoWait);
  }

  @Override
  public void close() {
    DsyncJMSContext.call(() -> {
      consumer.close();
      return null;
    });
  }

  @Override
  public <T> T receiveBody(Class<T> c) {
    return DsyncJMSContext.call(() -> consumer.receiveBody(c, Long.MAX_VALUE));
  }

  @Override
  public <T> T receiveBody(Class<T> c, long timeout) {
    return DsyncJMSContext.call(() -> consumer.receiveBody(c, timeout <= 0 ? Long.MAX_VALUE : timeout));
  }

  @Override
  public <T> T receiveBodyNoWait(Class<T> c) {
    return DsyncJMSContext.call(() -> consumer.receiveBody(c, -1));
  }
}
