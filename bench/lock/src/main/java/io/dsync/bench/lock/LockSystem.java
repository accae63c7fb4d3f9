package io.dsync.bench.lock;

import java.util.concurrent.locks.Lock;

/**
 * A clustered lock service under benchmark, reached through {@link Lock}: dsync
 * ({@link DsyncLockSystem}) or Hazelcast's CP {@code FencedLock} ({@link HazelcastLockSystem}).
 * Started by {@link #start}, stopped by {@link #close}.
 */
public interface LockSystem extends AutoCloseable {
  /** The exclusive lock on {@code name}; ownership is per thread. */
  Lock lock(String name);

  /** Stops every node and client it started and deletes its files. */
  @Override
  void close();

  /**
   * Starts one by name: {@code dsync-fsync} (three dsync nodes, Raft fsync {@code always}),
   * {@code dsync-nofsync} (Raft fsync {@code never}), {@code hazelcast-cp} (three Hazelcast
   * 5.4.0 members with a CP subsystem of three). Blocks until a lock can be taken.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static LockSystem start(String name) {
    return switch (name) {
      case "dsync-fsync" -> new DsyncLockSystem("always");
      case "dsync-nofsync" -> new DsyncLockSystem("never");
      case "hazelcast-cp" -> new HazelcastLockSystem();
      default -> throw new IllegalArgumentException("unknown lock system '" + name
          + "': expected dsync-fsync, dsync-nofsync or hazelcast-cp");
    };
  }
}
