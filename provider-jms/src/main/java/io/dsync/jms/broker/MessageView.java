package io.dsync.jms.broker;

import io.dsync.jms.selector.SelectorContext;

/**
 * What a selector sees of a broker message: the selectable header fields of §3.8.1.1
 * (JMSDeliveryMode, JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType) and the
 * properties.
 */
public final class MessageView implements SelectorContext {
  private final BrokerMessage m;
  private final int deliveryCount;

  /** A view of a message as delivered for the given time. */
  public MessageView(BrokerMessage m, int deliveryCount) {
    this.m = m;
    this.deliveryCount = deliveryCount;
  }

  @Override
  public Object lookup(String id) {
    switch (id) {
      case "JMSDeliveryMode":
        return m.persistent() ? "PERSISTENT" : "NON_PERSISTENT";
      case "JMSPriority":
        return m.priority();
      case "JMSMessageID":
        return m.messageId();
      case "JMSTimestamp":
        return m.timestamp();
      case "JMSCorrelationID":
        return m.correlationId();
      case "JMSType":
        return m.type();
      case "JMSXDeliveryCount":
        return deliveryCount;
      default:
        return m.properties().get(id);
    }
  }
}
