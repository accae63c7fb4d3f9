package io.dsync.raft.core;

import java.util.ArrayDeque;

/** The leader's view of one follower (etcd's Progress): where its log is and how to feed it. */
final class Progress {
  enum State {
    /** Unknown match: one AppendEntries at a time until one succeeds. */
    PROBE,
    /** Known match: AppendEntries are pipelined, up to the inflight limit. */
    REPLICATE,
    /** Behind the leader's snapshot: InstallSnapshot chunks are streamed. */
    SNAPSHOT
  }

  State state = State.PROBE;
  long match;
  long next;
  boolean probeSent;
  final ArrayDeque<Long> inflight = new ArrayDeque<>();
  boolean recentActive;
  long ackedContext;
  long snapshotIndex;
  long snapshotOffset;

  Progress(long next) {
    this.next = next;
  }

  void becomeProbe(long nextIndex) {
    state = State.PROBE;
    next = nextIndex;
    probeSent = false;
    inflight.clear();
  }

  void becomeReplicate() {
    state = State.REPLICATE;
    next = match + 1;
    probeSent = false;
    inflight.clear();
  }

  void becomeSnapshot(long index) {
    state = State.SNAPSHOT;
    snapshotIndex = index;
    snapshotOffset = 0;
    inflight.clear();
  }

  boolean inflightFull(int max) {
    return inflight.size() >= max;
  }

  void freeInflightUpTo(long index) {
    while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
      inflight.pollFirst();
    }
  }

  @Override
  public String toString() {
    return state + " match=" + match + " next=" + next + " inflight=" + inflight.size() + " probeSent=" + probeSent
        + " snap=" + snapshotIndex + "@" + snapshotOffset + " active=" + recentActive;
  }
}
