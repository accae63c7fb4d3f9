/**
 * The distributed lock manager: {@code java.util.concurrent.locks.Lock} and {@code ReadWriteLock}
 * backed by a lock state machine replicated with Raft (see issue "lock-jcp").
 */
package io.dsync.lock;
