package io.dsync.raft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A leader's ReadIndex bookkeeping (thesis §6.4): reads wait for a heartbeat round sent after
 * them to be acknowledged by a majority; reads that arrive before the leader committed an entry
 * of its term wait for that first. Also remembers when each heartbeat round was sent, for the
 * optional lease.
 */
final class ReadTracker {
  private record Pending(long requestId, long readIndex, long context) {}

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final List<Long> awaitingCommit = new ArrayList<>();
  private final TreeMap<Long, Long> sentAt = new TreeMap<>();

  void awaitCommit(long requestId) {
    awaitingCommit.add(requestId);
  }

  /** Reads that waited for the leader's first commit of its term. */
  List<Long> takeAwaitingCommit() {
    List<Long> l = new ArrayList<>(awaitingCommit);
    awaitingCommit.clear();
    return l;
  }

  boolean hasAwaitingCommit() {
    return !awaitingCommit.isEmpty();
  }

  void add(long requestId, long readIndex, long context) {
    pending.addLast(new Pending(requestId, readIndex, context));
  }

  void heartbeatSent(long context, long now) {
    sentAt.put(context, now);
    while (sentAt.size() > 256) {
      sentAt.pollFirstEntry();
    }
  }

  @Nullable Long sentAt(long context) {
    return sentAt.get(context);
  }

  /** Reads whose heartbeat round a majority acknowledged (contexts grow, so from the front). */
  List<ReadState> release(long quorumAckedContext) {
    List<ReadState> ready = new ArrayList<>();
    while (!pending.isEmpty() && pending.peekFirst().context() <= quorumAckedContext) {
      Pending p = pending.pollFirst();
      ready.add(new ReadState(p.requestId(), p.readIndex()));
    }
    return ready;
  }

  /** Leadership lost: every waiting read fails. */
  List<Long> failAll() {
    List<Long> ids = new ArrayList<>();
    pending.forEach(p -> ids.add(p.requestId()));
    pending.clear();
    ids.addAll(awaitingCommit);
    awaitingCommit.clear();
    return ids;
  }

  void newTerm() {
    sentAt.clear();
  }
}
