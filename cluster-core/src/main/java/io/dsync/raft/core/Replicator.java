package io.dsync.raft.core;

import io.dsync.raft.core.RaftMessage.AppendRequest;
import io.dsync.raft.core.RaftMessage.SnapshotRequest;
import java.util.Arrays;
import java.util.List;

/**
 * The leader's sending side of log replication (§5.3, §7): what to send one follower given its
 * {@link Progress} — a probe, pipelined batches up to the inflight window, a heartbeat, or the
 * next InstallSnapshot chunk. Pure; owned by {@link RaftCore}.
 */
final class Replicator {
  /** The leader's current term and commit index, and where messages go. */
  record Send(EffectsBuilder out, long term, long commitIndex) {}

  private final RaftLog log;
  private final RaftConfig cfg;

  Replicator(RaftLog log, RaftConfig cfg) {
    this.log = log;
    this.cfg = cfg;
  }

  /** Sends what the follower needs, respecting probe and inflight limits ({@code force}: anyway). */
  void sendAppend(Send s, String to, Progress pr, boolean force) {
    if (pr.state == Progress.State.SNAPSHOT) {
      return;
    }
    if (pr.state == Progress.State.PROBE && pr.probeSent && !force) {
      return;
    }
    if (pr.state == Progress.State.REPLICATE && pr.inflightFull(cfg.maxInflightAppends()) && !force) {
      return;
    }
    long prev = pr.next - 1;
    long prevTerm = log.term(prev);
    if (prevTerm < 0) {
      startSnapshot(s, to, pr); // the entries it needs were compacted away
      return;
    }
    List<LogEntry> ents = log.slice(pr.next, cfg.maxEntriesPerAppend(), cfg.maxBytesPerAppend());
    if (ents.isEmpty() && pr.state == Progress.State.REPLICATE && !force) {
      return;
    }
    s.out().sendEarly(to, new AppendRequest(s.term(), prev, prevTerm, ents, s.commitIndex(), 0, false));
    if (pr.state == Progress.State.REPLICATE && !ents.isEmpty()) {
      long last = ents.get(ents.size() - 1).index();
      pr.next = last + 1;
      pr.inflight.addLast(last);
      // Pipelining: keep sending batches while the window allows.
      if (pr.next <= log.lastIndex() && !pr.inflightFull(cfg.maxInflightAppends())) {
        sendAppend(s, to, pr, false);
      }
    } else if (pr.state == Progress.State.PROBE) {
      pr.probeSent = true;
    }
  }

  /**
   * A heartbeat (with ReadIndex context {@code ctx}) that claims only what is known to match,
   * so a follower never rejects it; then a fresh probe or snapshot chunk where one is due.
   */
  void sendHeartbeat(Send s, String to, Progress pr, long ctx) {
    long prev = pr.match;
    long prevTerm = log.term(prev);
    if (prevTerm < 0) {
      prev = 0;
      prevTerm = 0;
    }
    s.out().sendEarly(to, new AppendRequest(s.term(), prev, prevTerm, List.of(), s.commitIndex(), ctx, true));
    if (pr.state == Progress.State.PROBE) {
      pr.probeSent = false;
      sendAppend(s, to, pr, false);
    } else if (pr.state == Progress.State.SNAPSHOT) {
      sendSnapshotChunk(s, to, pr);
    }
  }

  void startSnapshot(Send s, String to, Progress pr) {
    SnapshotImage img = log.snapshot();
    if (img == null) {
      throw new IllegalStateException("entry " + (pr.next - 1) + " compacted but no snapshot");
    }
    pr.becomeSnapshot(img.index());
    sendSnapshotChunk(s, to, pr);
  }

  /** The chunk at the follower's offset; restarts when a newer snapshot replaced the one being sent. */
  void sendSnapshotChunk(Send s, String to, Progress pr) {
    SnapshotImage img = log.snapshot();
    if (img == null) {
      return;
    }
    if (img.index() != pr.snapshotIndex) {
      pr.becomeSnapshot(img.index());
    }
    int from = (int) Math.min(pr.snapshotOffset, img.data().length);
    int end = Math.min(img.data().length, from + cfg.snapshotChunkBytes());
    byte[] chunk = Arrays.copyOfRange(img.data(), from, end);
    s.out().sendEarly(to, new SnapshotRequest(s.term(), img.index(), img.term(), img.membership(), from, chunk,
        end == img.data().length));
  }
}
