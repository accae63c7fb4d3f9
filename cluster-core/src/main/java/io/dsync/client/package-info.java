/**
 * The client side of client/server mode: {@link io.dsync.client.ClusterClient} connects to one
 * node of a {@code dsync://host:port,...} URL, fails over, and retries requests with bounded
 * backoff. Service clients (locks, JMS, JCache) build on it.
 */
package io.dsync.client;
