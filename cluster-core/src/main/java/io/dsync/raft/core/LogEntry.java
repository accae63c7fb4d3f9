package io.dsync.raft.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the replicated log. Immutable by contract: the {@code data} array must not be
 * modified after construction (it is shared, not copied, to keep replication cheap).
 *
 * @param index position in the log, 1-based
 * @param term term of the leader that created it
 * @param type what the entry carries
 * @param data the payload (a command, an encoded configuration, or empty)
 */
public record LogEntry(long index, long term, EntryType type, byte[] data) {

  private static final byte[] EMPTY = new byte[0];

  /** Validates the fields. */
  public LogEntry {
    if (index < 1) {
      throw new IllegalArgumentException("index must be >= 1: " + index);
    }
    if (term < 1) {
      throw new IllegalArgumentException("term must be >= 1: " + term);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /** A no-op entry. */
  public static LogEntry noop(long index, long term) {
    return new LogEntry(index, term, EntryType.NOOP, EMPTY);
  }

  /** Approximate size in bytes, used for batching. */
  public int sizeBytes() {
    return data.length + 24;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry e
        && e.index == index
        && e.term == term
        && e.type == type
        && Arrays.equals(e.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, term, type) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "LogEntry[" + index + "@" + term + " " + type + " " + data.length + "B]";
  }
}
