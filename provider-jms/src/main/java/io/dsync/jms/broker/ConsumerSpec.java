package io.dsync.jms.broker;

/**
 * What a new consumer asks for.
 *
 * @param consumerId unique id chosen by the driver
 * @param connectionId the owning connection
 * @param destination where it consumes from
 * @param selector selector text, "" for none
 * @param noLocal skip messages sent by its own connection (topics)
 * @param subscription subscription details for topics, or null for a plain non-durable consumer
 * @param prefetch most unconsumed deliveries it may hold (at least 1)
 */
public record ConsumerSpec(
    long consumerId,
    String connectionId,
    DestinationKey destination,
    String selector,
    boolean noLocal,
    SubscriptionSpec subscription,
    int prefetch) {}
