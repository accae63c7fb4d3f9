package io.dsync.jms.wal;

/** When the WAL forces its writes to disk. */
public enum FsyncPolicy {
  /**
   * Before confirming a persistent send (one sync covers every record queued meanwhile: group
   * commit). Survives power loss.
   */
  ALWAYS,
  /** Never explicitly: the memory-mapped log survives a process crash, not a power loss. */
  NEVER
}
