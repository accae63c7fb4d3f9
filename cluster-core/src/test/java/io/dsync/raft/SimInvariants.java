package io.dsync.raft;

import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.RaftCore;
import io.dsync.raft.core.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Safety properties of Raft (paper Figure 3), checked after every simulation step:
 * election safety, log matching (in {@link SimStorage.Registry}), leader completeness,
 * state machine safety, and that every acknowledged command is in every later leader's log.
 * Also: a server that is not in its own configuration never campaigns (thesis §4.2.2).
 */
final class SimInvariants {
  private final Map<Long, String> leaderOfTerm = new HashMap<>();
  private final ArrayList<LogEntry> committed = new ArrayList<>();
  private final Map<String, Long> commitChecked = new HashMap<>();
  private final Map<String, Long> leaderChecked = new HashMap<>();
  private final List<long[]> acknowledged = new ArrayList<>();

  int leaderChanges;

  void restarted(String node) {
    commitChecked.remove(node);
    leaderChecked.remove(node);
  }

  /** Records or compares the entry committed at its index. */
  void committed(String node, LogEntry e) {
    int i = (int) e.index();
    if (i <= committed.size()) {
      LogEntry known = committed.get(i - 1);
      if (!known.equals(e)) {
        throw new AssertionError("state machine safety: " + node + " has " + e + " committed where " + known + " was");
      }
      return;
    }
    if (i != committed.size() + 1) {
      // A node may learn a commit index beyond what we recorded; fill from its log later.
      return;
    }
    committed.add(e);
  }

  void applied(String node, LogEntry e) {
    if (e.index() > committed.size() + 1) {
      throw new AssertionError(node + " applied " + e + " beyond known commits " + committed.size());
    }
    committed(node, e);
  }

  void acknowledged(long index, long term) {
    acknowledged.add(new long[] {index, term});
    if (index > committed.size() || committed.get((int) index - 1).term() != term) {
      throw new AssertionError("acknowledged " + index + "@" + term + " is not the committed entry");
    }
  }

  void check(String node, RaftCore core) {
    Role role = core.role();
    if ((role == Role.CANDIDATE || role == Role.PRE_CANDIDATE) && !core.membership().contains(node)) {
      throw new AssertionError(node + " campaigns but is not in its configuration " + core.membership());
    }
    long from = Math.max(commitChecked.getOrDefault(node, 0L), core.snapshotIndex());
    for (long i = from + 1; i <= core.commitIndex(); i++) {
      LogEntry e = core.entryAt(i);
      if (i > committed.size() + 1) {
        throw new AssertionError(node + " commit index " + core.commitIndex() + " jumps past known " + committed.size());
      }
      committed(node, e);
    }
    commitChecked.put(node, Math.max(from, core.commitIndex()));
    if (role != Role.LEADER) {
      return;
    }
    String prev = leaderOfTerm.putIfAbsent(core.term(), node);
    if (prev != null && !prev.equals(node)) {
      throw new AssertionError("election safety: " + prev + " and " + node + " both lead term " + core.term());
    }
    if (leaderChecked.getOrDefault(node, -1L) != core.term()) {
      leaderChecked.put(node, core.term());
      leaderChanges++;
      leaderComplete(node, core);
    }
  }

  private void leaderComplete(String node, RaftCore core) {
    long snap = core.snapshotIndex();
    if (snap > 0 && snap <= committed.size() && committed.get((int) snap - 1).term() != core.termAt(snap)) {
      throw new AssertionError("leader completeness: " + node + " snapshot " + snap + " has term " + core.termAt(snap));
    }
    for (int i = (int) snap + 1; i <= committed.size(); i++) {
      LogEntry c = committed.get(i - 1);
      if (core.termAt(i) != c.term()) {
        throw new AssertionError("leader completeness: new leader " + node + " of term " + core.term()
            + " lacks committed " + c + " (has term " + core.termAt(i) + ")");
      }
    }
    for (long[] a : acknowledged) {
      if (a[0] > snap && core.termAt(a[0]) != a[1]) {
        throw new AssertionError("acknowledged " + a[0] + "@" + a[1] + " missing from leader " + node);
      }
    }
  }

  int committedCount() {
    return committed.size();
  }
}
