/**
 * Client/server mode of the lock manager: the lock messages of the binary port (type ids
 * 1000–1004 of the lock-jcp range) and {@link io.dsync.lock.remote.RemoteLockEngine}, a
 * {@link io.dsync.lock.LockEngine} that reaches a cluster with a {@code dsync://} URL.
 */
package io.dsync.lock.remote;
