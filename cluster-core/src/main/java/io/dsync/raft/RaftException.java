package io.dsync.raft;

import org.jspecify.annotations.Nullable;

/** Why a Raft request failed. The {@link Kind} says whether the outcome is known. */
public final class RaftException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Failure kinds. */
  public enum Kind {
    /** This server is not the leader; nothing was applied. Retry at {@link #leaderHint()}. */
    NOT_LEADER,
    /** The command's log entry was replaced by another leader's: it was not and will not be applied. */
    DROPPED,
    /** The outcome is unknown (it may still commit): retry with the same session sequence number. */
    INDETERMINATE,
    /** No answer in time; the outcome is unknown. */
    TIMEOUT,
    /** Refused as invalid (for example a second membership change while one is pending). */
    REJECTED,
    /** The server is stopping or stopped. */
    STOPPED
  }

  private final Kind kind;
  private final @Nullable String leaderHint;

  /** Creates one. */
  public RaftException(Kind kind, String message, @Nullable String leaderHint) {
    super(message);
    this.kind = kind;
    this.leaderHint = leaderHint;
  }

  /** The failure kind. */
  public Kind kind() {
    return kind;
  }

  /** The leader the failing server believed in, or null. */
  public @Nullable String leaderHint() {
    return leaderHint;
  }
}
