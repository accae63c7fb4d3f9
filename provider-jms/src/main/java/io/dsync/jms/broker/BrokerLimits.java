package io.dsync.jms.broker;

/**
 * Engine settings.
 *
 * @param maxDeliveries deliveries after which a message goes to the dead-letter queue (0 = never)
 * @param deadLetterQueue name of the dead-letter queue
 * @param maxQueueMessages most messages a queue holds; further sends are refused (flow control)
 * @param maxMessageBytes largest accepted message (approximate encoded size)
 * @param restVisibilityMillis how long a message taken over REST stays invisible before it returns
 */
public record BrokerLimits(
    int maxDeliveries,
    String deadLetterQueue,
    int maxQueueMessages,
    int maxMessageBytes,
    long restVisibilityMillis) {

  /** The defaults: 10 deliveries, queue "DLQ", 1M messages, 16 MiB, 30 s. */
  public static BrokerLimits defaults() {
    return new BrokerLimits(10, "DLQ", 1_000_000, 16 * 1024 * 1024, 30_000L);
  }
}
