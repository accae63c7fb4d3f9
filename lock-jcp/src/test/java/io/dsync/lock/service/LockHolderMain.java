package io.dsync.lock.service;

import io.dsync.lock.DistributedLock;
import io.dsync.lock.DsyncLocks;
import java.io.IOException;

/**
 * A lock client in a process of its own, for {@link LockProcessIT}: connects to the cluster with
 * a short session lease, takes one exclusive lock, prints {@code HELD <fence>} on standard output
 * and then holds it (heartbeats keep the session alive) until its standard input closes, which
 * happens when the test process goes away. The test kills it with SIGKILL while it holds the lock.
 *
 * <p>Arguments: {@code <dsync-url> <resource> <leaseMillis>}.
 */
public final class LockHolderMain {
  /** The line prefix that announces the grant. */
  static final String HELD = "HELD ";

  private LockHolderMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: LockHolderMain <dsync-url> <resource> <leaseMillis>");
      System.exit(2);
    }
    try (DsyncLocks locks = DsyncLocks.builder().url(args[0]).leaseMillis(Long.parseLong(args[2])).build()) {
      DistributedLock lock = locks.getLock(args[1]);
      lock.lock();
      System.out.println(HELD + lock.getFence() + " session " + Long.toHexString(locks.sessionId()));
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our input (or kills us)
      }
    }
    System.exit(0);
  }
}
