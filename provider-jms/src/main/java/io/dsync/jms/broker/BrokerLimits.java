package io.dsync.jms.broker;

/**
 * Engine settings.
 *
 * @param maxDeliveries deliveries after which a message goes to the dead-letter queue (0 = never)
 * @param deadLetterQueue name of the dead-letter queue
 * @param maxQueueMessages most messages a queue holds; further sends are refused (flow control)
 * @param maxMessageBytes largest accepted message (approximate encoded size)
 * @param restVisibilityMillis how long a message taken over REST stays invisible before it returns
 * @param maxStoredBytes most memory all queues' messages may take together, counted by
 *     {@link BrokerMessage#approximateSize} per queue a message is in; a send that would pass it
 *     waits like a send to a full queue (flow control), then is refused
 */
public record BrokerLimits(
    int maxDeliveries,
    String deadLetterQueue,
    int maxQueueMessages,
    int maxMessageBytes,
    long restVisibilityMillis,
    long maxStoredBytes) {

  /**
   * The defaults: 10 deliveries, queue "DLQ", 1M messages, 16 MiB, 30 s, and a quarter of the
   * JVM's maximum heap for the messages (the broker shares the heap with the application when
   * embedded; the count per message is below what the heap really spends on it).
   */
  public static BrokerLimits defaults() {
    return new BrokerLimits(10, "DLQ", 1_000_000, 16 * 1024 * 1024, 30_000L, defaultMaxStoredBytes());
  }

  /** A quarter of the JVM's maximum heap. */
  public static long defaultMaxStoredBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /** Validates the numbers, so that a bad setting fails where it is given. */
  public BrokerLimits {
    if (maxDeliveries < 0) {
      throw new IllegalArgumentException("maxDeliveries must be 0 (never) or more, got " + maxDeliveries);
    }
    if (maxQueueMessages < 1) {
      throw new IllegalArgumentException("maxQueueMessages must be at least 1, got " + maxQueueMessages);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1, got " + maxMessageBytes);
    }
    if (restVisibilityMillis < 1) {
      throw new IllegalArgumentException("restVisibilityMillis must be at least 1, got " + restVisibilityMillis);
    }
    if (maxStoredBytes < 1) {
      throw new IllegalArgumentException("maxStoredBytes must be at least 1, got " + maxStoredBytes);
    }
  }
}
