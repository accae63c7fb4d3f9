package io.dsync.jms.broker;

/**
 * Counters of one queue.
 *
 * @param name queue name
 * @param size messages held (ready, scheduled and in flight)
 * @param inFlight delivered and not yet acknowledged
 * @param consumers consumers attached
 * @param enqueued messages added since start (or recovery)
 * @param dequeued deliveries made
 * @param acked acknowledgements
 */
public record QueueStats(String name, int size, int inFlight, int consumers, long enqueued, long dequeued, long acked) {}
