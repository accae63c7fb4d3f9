/**
 * The broker engine: a pure state machine with no threads, clocks, randomness or I/O. Every
 * input carries the time ({@code nowMillis}); every call returns {@link io.dsync.jms.broker.Effects}:
 * the WAL records to persist (in order, before the caller confirms the operation) and the
 * deliveries to hand to consumers.
 *
 * <p>Invariants: a message entry is in exactly one of the states scheduled, ready or in flight; an
 * in-flight entry belongs to one consumer (or the REST pull lane) until acknowledged or released;
 * a consumer never holds more unconsumed deliveries than its prefetch; a persistent message to a
 * durable destination is logged before it is confirmed, and its acknowledgement after it.
 */
package io.dsync.jms.broker;
