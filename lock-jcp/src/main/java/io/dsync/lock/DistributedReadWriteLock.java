package io.dsync.lock;

import io.dsync.lock.core.LockMode;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * A cluster-wide {@link ReadWriteLock} on a named resource: many readers or one writer, across all
 * clients. Both sides are {@link DistributedLock}s on the same resource (shared and exclusive mode)
 * and follow its contract: reentrant per thread, FIFO (a waiting writer is not starved by readers
 * that arrive after it), fencing tokens, deadlock refusal, and cancellation of timed-out or
 * interrupted waits.
 *
 * <p>As with {@link java.util.concurrent.locks.ReentrantReadWriteLock}, a thread holding the write
 * lock may also take the read lock (and then release the write lock to downgrade). Upgrading is
 * not supported: a thread holding only the read lock that asks for the write lock gets a
 * {@link LockException} (it would otherwise wait for itself).
 *
 * <p>Thread-safe; the two locks are created once and can be shared.
 */
public final class DistributedReadWriteLock implements ReadWriteLock {
  private final String name;
  private final DistributedLock readLock;
  private final DistributedLock writeLock;

  DistributedReadWriteLock(ClientSession session, String name) {
    this.name = name;
    this.readLock = new DistributedLock(session, name, LockMode.SHARED);
    this.writeLock = new DistributedLock(session, name, LockMode.EXCLUSIVE);
  }

  /** The resource name. */
  public String name() {
    return name;
  }

  /** The shared side. */
  @Override
  public DistributedLock readLock() {
    return readLock;
  }

  /** The exclusive side. */
  @Override
  public DistributedLock writeLock() {
    return writeLock;
  }
}
