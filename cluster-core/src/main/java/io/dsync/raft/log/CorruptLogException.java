package io.dsync.raft.log;

import java.nio.file.Path;

/**
 * The log (or a state file) is damaged somewhere other than a torn tail: the server refuses to
 * start rather than run with a log it cannot trust. Restore the data folder from a replica
 * (delete it and let the leader send a snapshot) after investigating.
 */
public final class CorruptLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Describes where. */
  public CorruptLogException(Path file, long offset, String what) {
    super("corrupt raft storage in " + file + " at byte " + offset + ": " + what
        + " (not a torn tail: refusing to start; restore this node's data from a replica)");
  }
}
