/**
 * The broker driver: owns the engine's lock, the WAL, the timer thread and authentication, and
 * serves {@link io.dsync.jms.link.BrokerLink}s to connections in the same JVM.
 */
package io.dsync.jms.server;
