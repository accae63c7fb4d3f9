package io.dsync.raft.core;

/** What a log entry carries. */
public enum EntryType {
  /** The empty entry a new leader appends to commit entries of earlier terms (§5.4.2, §8). */
  NOOP,
  /** An opaque command for the state machine. */
  COMMAND,
  /** A new cluster configuration, encoded by {@link Membership#encode()} (thesis §4.1). */
  CONFIG;

  static EntryType of(int code) {
    EntryType[] all = values();
    if (code < 0 || code >= all.length) {
      throw new IllegalArgumentException("unknown entry type " + code);
    }
    return all[code];
  }
}
