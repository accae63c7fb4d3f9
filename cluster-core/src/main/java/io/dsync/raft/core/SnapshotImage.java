package io.dsync.raft.core;

import java.util.Objects;

/**
 * A state-machine snapshot that replaces every log entry up to {@code index} (§7).
 *
 * @param index last log index the snapshot covers
 * @param term term of the entry at {@code index}
 * @param membership the configuration in effect at {@code index}
 * @param data the state machine's bytes; not copied, must not be modified
 */
public record SnapshotImage(long index, long term, Membership membership, byte[] data) {
  /** Validates the fields. */
  public SnapshotImage {
    if (index < 0 || term < 0) {
      throw new IllegalArgumentException("bad snapshot position " + index + "@" + term);
    }
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public String toString() {
    return "SnapshotImage[" + index + "@" + term + " " + membership.voters() + " " + data.length + "B]";
  }
}
