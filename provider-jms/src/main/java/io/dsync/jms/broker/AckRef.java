package io.dsync.jms.broker;

/**
 * Names one entry of one broker queue (a queue or a subscription's queue).
 *
 * @param queue the broker queue key
 * @param seq the entry's sequence number, unique within the broker
 */
public record AckRef(String queue, long seq) {}
