package io.dsync.raft.log;

/** When the Raft storage forces writes to the device. */
public enum FsyncPolicy {
  /**
   * Default and the only safe choice: every sync forces the log (one fsync covers everything
   * written since the last one — group commit), and term, vote and snapshot files are forced
   * before they replace the old ones.
   */
  ALWAYS,
  /**
   * <b>Unsafe</b>: never fsync. Writes reach the OS page cache only, so a process crash loses
   * nothing but a power loss or kernel crash can lose acknowledged entries and votes, which
   * breaks Raft's guarantees (a server may vote twice in a term). For tests and benchmarks.
   */
  NEVER
}
