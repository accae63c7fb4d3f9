package io.dsync.raft.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the driver must do after one input to {@link RaftCore}. Immutable.
 *
 * <p><b>Order (mandatory).</b>
 * <ol>
 *   <li><b>Persist</b>, durably, before anything else: first {@link #snapshot} (a snapshot
 *       received from the leader; afterwards every log entry at or below its index is
 *       discarded), then discard the log entries with index {@code >= truncateFrom} (if
 *       {@code truncateFrom > 0}), then append {@link #entries}, then store {@link #hardState}.
 *       The effects of several inputs may share one fsync (group commit), but <b>no message of
 *       this record, nor of any later record, may be sent before all of this record's writes
 *       are durable</b>: vote grants and append acknowledgements promise durability. The one
 *       exception are messages marked {@link Outbound#early()} — a leader's AppendEntries and
 *       InstallSnapshot — which may be sent at once (Raft thesis §10.2.1): they promise nothing
 *       about the leader's disk, and the leader counts its own log toward commitment only
 *       after {@link RaftCore#onPersisted}.</li>
 *   <li><b>Send</b> {@link #messages}; sending may fail silently (Raft retries).</li>
 *   <li><b>Apply</b> {@link #committed} to the state machine in order (after installing
 *       {@link #snapshot} into the state machine, if present), then answer {@link #readsReady}
 *       once the applied index reaches each read index.</li>
 *   <li>After the writes are durable, call {@link RaftCore#onPersisted(long, long)} with the last
 *       index and term of the log as of this record ({@link #lastIndex}, {@link #lastTerm}).</li>
 * </ol>
 *
 * @param hardState term and vote to persist, or null when unchanged
 * @param snapshot a snapshot from the leader to persist and install, or null
 * @param truncateFrom discard log entries with index {@code >=} this (0: none)
 * @param entries entries to append, in order
 * @param messages messages to send once the writes above are durable (except early ones)
 * @param committed newly committed entries to apply, in order
 * @param readsReady ReadIndex requests that may be answered once applied to their index
 * @param readsFailed ReadIndex request ids that failed (leadership lost or not leader)
 * @param proposed log indexes assigned to the commands or configuration change of this input
 * @param rejection why a proposal, configuration change, read or transfer was refused, or null
 * @param leaderHint the leader this server believes in, or null
 * @param lastIndex last log index after this input
 * @param lastTerm term of that entry
 * @param nextWakeMillis the core wants {@link RaftCore#onTick} no later than this time
 */
public record Effects(
    @Nullable HardState hardState,
    @Nullable SnapshotImage snapshot,
    long truncateFrom,
    List<LogEntry> entries,
    List<Outbound> messages,
    List<LogEntry> committed,
    List<ReadState> readsReady,
    List<Long> readsFailed,
    List<Long> proposed,
    @Nullable String rejection,
    @Nullable String leaderHint,
    long lastIndex,
    long lastTerm,
    long nextWakeMillis) {

  /** Makes the lists unmodifiable. */
  public Effects {
    entries = List.copyOf(entries);
    messages = List.copyOf(messages);
    committed = List.copyOf(committed);
    readsReady = List.copyOf(readsReady);
    readsFailed = List.copyOf(readsFailed);
    proposed = List.copyOf(proposed);
  }

  /** Whether anything must be made durable before the messages go out. */
  public boolean needsPersist() {
    return hardState != null || snapshot != null || truncateFrom > 0 || !entries.isEmpty();
  }
}
