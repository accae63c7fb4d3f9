package io.dsync.raft.core;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects the effects of one input. Not thread-safe; used only inside {@link RaftCore}. */
final class EffectsBuilder {
  @Nullable SnapshotImage snapshot;
  long truncateFrom;
  final List<LogEntry> entries = new ArrayList<>();
  final List<Outbound> messages = new ArrayList<>();
  final List<LogEntry> committed = new ArrayList<>();
  final List<ReadState> readsReady = new ArrayList<>();
  final List<Long> readsFailed = new ArrayList<>();
  final List<Long> proposed = new ArrayList<>();
  @Nullable String rejection;

  void send(String to, RaftMessage m) {
    messages.add(new Outbound(to, m));
  }

  /** A leader's replication message, which need not wait for its own writes (thesis §10.2.1). */
  void sendEarly(String to, RaftMessage m) {
    messages.add(new Outbound(to, m, true));
  }

  void truncate(long from) {
    entries.removeIf(e -> e.index() >= from);
    truncateFrom = truncateFrom == 0 ? from : Math.min(truncateFrom, from);
  }

  void append(LogEntry e) {
    entries.add(e);
  }
}
