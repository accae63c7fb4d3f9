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

  /** One commit of the system's Raft group (no lock client around it); returns when applied. */
  void commitOnce();

  /** Stops every node and client it started and deletes its files. */
  @Override
  void close();

  /**
   * Starts one by name: {@code dsync-fsync} (three dsync nodes, Raft fsync {@code always}, locks
   * through the leader node's embedded API), {@code dsync-nofsync} (the same with Raft fsync
   * {@code never}), {@code dsync-fsync-remote} (as {@code dsync-fsync}, through a client over TCP),
   * {@code hazelcast-cp} (three Hazelcast 5.4.0 members with a CP subsystem of three, locks
   * through the group leader's proxy). Blocks until a lock can be taken.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static LockSystem start(String name) {
    return switch (name) {
      case "dsync-fsync" -> new DsyncLockSystem("always", false);
      case "dsync-nofsync" -> new DsyncLockSystem("never", false);
      case "dsync-fsync-remote" -> new DsyncLockSystem("always", true);
      case "hazelcast-cp" -> new HazelcastLockSystem();
      default -> throw new IllegalArgumentException("unknown lock system '" + name
          + "': expected dsync-fsync, dsync-nofsync, dsync-fsync-remote or hazelcast-cp");
    };
  }
}
