/**
 * The remote link: JMS clients talk to a node's broker over cluster-core's transport
 * ({@code dsync://host:port}). Three wire messages (type ids 3000–3002) carry an operation code
 * and a body encoded by {@link io.dsync.jms.remote.Payloads}; deliveries are pushed to the client.
 */
package io.dsync.jms.remote;
