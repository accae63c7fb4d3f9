/**
 * The lock manager inside a node: the Raft state machine adapter, the node service, the admin
 * REST resources and the metrics. Everything here is thin: decisions live in
 * {@code io.dsync.lock.core}.
 */
package io.dsync.lock.service;
