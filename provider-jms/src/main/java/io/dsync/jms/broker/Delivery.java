package io.dsync.jms.broker;

/**
 * A message handed to a consumer.
 *
 * @param consumerId the consumer
 * @param ref what to acknowledge or release
 * @param message the message
 * @param deliveryCount the JMSXDeliveryCount of this delivery (1 on first delivery)
 */
public record Delivery(long consumerId, AckRef ref, BrokerMessage message, int deliveryCount) {
  /** JMSRedelivered: true when the message may have been delivered before. */
  public boolean redelivered() {
    return deliveryCount > 1;
  }
}
