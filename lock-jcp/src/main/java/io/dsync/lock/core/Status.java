package io.dsync.lock.core;

/** The outcome kind of a command. Codes are stable on the wire and in snapshots. */
public enum Status {
  /** A session or release command succeeded. */
  OK(1, false),
  /** The lock is held; {@link LockResult#fence()} carries the fencing token. */
  GRANTED(2, false),
  /** The request is queued; a later {@link LockEvent.Granted} or {@link LockEvent.Cancelled} ends it. */
  WAITING(3, false),
  /** A try-lock found the lock unavailable; nothing was queued. */
  NOT_GRANTED(4, false),
  /** A waiting request was cancelled (explicitly or because its session ended). */
  CANCELLED(5, false),
  /** Waiting would have closed a cycle in the wait-for graph; {@link LockResult#cycle()} names it. */
  DEADLOCK(6, true),
  /** The session is unknown or has expired. */
  UNKNOWN_SESSION(7, true),
  /** Release by an owner that does not hold the resource in that mode. */
  NOT_HOLDER(8, true),
  /** An owner holding the resource shared asked for it exclusive (upgrade would deadlock). */
  UPGRADE_REFUSED(9, true),
  /** The owner already waits for a resource. */
  ALREADY_WAITING(10, true),
  /** The command was malformed (unknown mode, blank resource, bad lease, undecodable bytes). */
  BAD_COMMAND(11, true),
  /** The invocation is older than the stored results of its session; it was not applied. */
  STALE_INVOCATION(12, true);

  private final byte code;
  private final boolean error;

  Status(int code, boolean error) {
    this.code = (byte) code;
    this.error = error;
  }

  /** The stable wire code. */
  public byte code() {
    return code;
  }

  /** True for refusals and errors. */
  public boolean isError() {
    return error;
  }

  /**
   * The status with the given wire code.
   *
   * @throws IllegalArgumentException for an unknown code
   */
  public static Status fromCode(int code) {
    for (Status s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown status code " + code);
  }
}
