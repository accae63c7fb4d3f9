package io.dsync.raft.core;

import java.util.List;
import java.util.Objects;

/**
 * A message between Raft servers. Every message carries the sender's term (§5.1). The records
 * are immutable; byte arrays inside them are shared and must not be modified.
 */
public sealed interface RaftMessage
    permits RaftMessage.VoteRequest,
        RaftMessage.VoteResponse,
        RaftMessage.AppendRequest,
        RaftMessage.AppendResponse,
        RaftMessage.SnapshotRequest,
        RaftMessage.SnapshotResponse,
        RaftMessage.TimeoutNow {

  /** The sender's term (for a pre-vote request: the term it would campaign in). */
  long term();

  /**
   * RequestVote (§5.2) or PreVote (thesis §9.6).
   *
   * @param term candidate's term (pre-vote: its term + 1, not yet adopted)
   * @param lastLogIndex index of the candidate's last entry
   * @param lastLogTerm term of the candidate's last entry
   * @param preVote true for a pre-vote, which changes no state at the voter
   * @param transfer true when a leader transfer asked for this election: voters skip the
   *     check-quorum lease (thesis §3.10)
   */
  record VoteRequest(long term, long lastLogIndex, long lastLogTerm, boolean preVote, boolean transfer)
      implements RaftMessage {}

  /**
   * Answer to a {@link VoteRequest}.
   *
   * @param term voter's term, or for a granted pre-vote the term asked for
   * @param granted whether the vote (or pre-vote) is granted
   * @param preVote echoes the request's flag
   */
  record VoteResponse(long term, boolean granted, boolean preVote) implements RaftMessage {}

  /**
   * AppendEntries (§5.3); with no entries and {@code heartbeat} set it is a heartbeat.
   *
   * @param term leader's term
   * @param prevLogIndex index of the entry before the new ones
   * @param prevLogTerm term of that entry
   * @param entries entries to append, consecutive from {@code prevLogIndex + 1}
   * @param leaderCommit leader's commit index
   * @param readContext non-zero to ask for an acknowledgement for ReadIndex (thesis §6.4)
   * @param heartbeat true for a heartbeat, whose rejection does not change the follower's progress
   */
  record AppendRequest(
      long term,
      long prevLogIndex,
      long prevLogTerm,
      List<LogEntry> entries,
      long leaderCommit,
      long readContext,
      boolean heartbeat)
      implements RaftMessage {
    /** Copies the entries. */
    public AppendRequest {
      entries = List.copyOf(entries);
    }
  }

  /**
   * Answer to an {@link AppendRequest}.
   *
   * @param term follower's term
   * @param success whether the log matched at {@code prevLogIndex}
   * @param matchIndex on success: the last index known to match the leader's log
   * @param conflictIndex on failure: first index of {@code conflictTerm} in the follower's log,
   *     or the follower's last index + 1 when its log is too short (fast repair hint)
   * @param conflictTerm on failure: term at the rejected {@code prevLogIndex}, or 0 when missing
   * @param rejectedIndex the request's {@code prevLogIndex}
   * @param readContext echoes the request's read context
   * @param heartbeat echoes the request's heartbeat flag
   */
  record AppendResponse(
      long term,
      boolean success,
      long matchIndex,
      long conflictIndex,
      long conflictTerm,
      long rejectedIndex,
      long readContext,
      boolean heartbeat)
      implements RaftMessage {}

  /**
   * One chunk of InstallSnapshot (§7).
   *
   * @param term leader's term
   * @param index last index the snapshot covers
   * @param snapshotTerm term at {@code index}
   * @param membership configuration at {@code index}
   * @param offset byte offset of this chunk
   * @param chunk the bytes
   * @param done true for the last chunk
   */
  record SnapshotRequest(
      long term, long index, long snapshotTerm, Membership membership, long offset, byte[] chunk, boolean done)
      implements RaftMessage {
    /** Validates. */
    public SnapshotRequest {
      Objects.requireNonNull(membership, "membership");
      Objects.requireNonNull(chunk, "chunk");
      if (offset < 0) {
        throw new IllegalArgumentException("offset must be >= 0");
      }
    }
  }

  /**
   * Answer to a {@link SnapshotRequest}.
   *
   * @param term follower's term
   * @param index the snapshot's index
   * @param nextOffset the offset the follower expects next
   * @param done true once the snapshot is installed (or already covered)
   * @param matchIndex when done: the last index known to match the leader's log
   */
  record SnapshotResponse(long term, long index, long nextOffset, boolean done, long matchIndex)
      implements RaftMessage {}

  /**
   * Leader transfer: tells an up-to-date follower to start an election at once (thesis §3.10).
   *
   * @param term leader's term
   */
  record TimeoutNow(long term) implements RaftMessage {}
}
