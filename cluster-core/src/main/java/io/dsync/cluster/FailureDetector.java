package io.dsync.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A heartbeat failure detector as a pure state machine: fed "heartbeat from X at now" and "tick at
 * now", it returns the liveness changes those inputs cause. No threads, clocks or I/O; time comes
 * in with every input, so a test or a simulation steps it by hand.
 *
 * <p>Rules: every peer starts {@link Liveness#SUSPECT} (never heard from); a heartbeat makes it
 * {@link Liveness#ALIVE}; a tick at which a peer has been silent for more than {@code
 * timeoutMillis} makes it suspect again. The local node is always alive. Heartbeats from ids that
 * are not configured members are ignored (membership is static). Time going backwards is treated
 * as no time passing.
 *
 * <p>Not thread-safe: its driver serializes calls.
 */
public final class FailureDetector {
  private final NodeId self;
  private final long timeoutMillis;
  private final Map<NodeId, State> peers = new TreeMap<>();
  private final long createdMillis;

  private static final class State {
    Liveness liveness = Liveness.SUSPECT;
    long since;
    long lastHeard = Long.MIN_VALUE;

    State(long since) {
      this.since = since;
    }
  }

  /**
   * @param self this node
   * @param peers the other members (this node, if listed, is skipped)
   * @param timeoutMillis silence after which a peer is suspected; at least 1
   * @param nowMillis the detector's start time
   */
  public FailureDetector(NodeId self, Collection<NodeId> peers, long timeoutMillis, long nowMillis) {
    this.self = Objects.requireNonNull(self, "self");
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("failure timeout must be at least 1 ms: " + timeoutMillis);
    }
    this.timeoutMillis = timeoutMillis;
    this.createdMillis = nowMillis;
    for (NodeId peer : peers) {
      if (!peer.equals(self)) {
        this.peers.put(peer, new State(nowMillis));
      }
    }
  }

  /** A heartbeat from {@code from} arrived at {@code nowMillis}. */
  public List<MemberEvent> onHeartbeat(NodeId from, long nowMillis) {
    State state = peers.get(from);
    if (state == null) {
      return List.of();
    }
    state.lastHeard = Math.max(state.lastHeard, nowMillis);
    if (state.liveness == Liveness.ALIVE) {
      return List.of();
    }
    state.liveness = Liveness.ALIVE;
    state.since = nowMillis;
    return List.of(new MemberEvent(from, Liveness.ALIVE, nowMillis));
  }

  /** Time passed: suspects every alive peer silent for longer than the timeout. */
  public List<MemberEvent> onTick(long nowMillis) {
    List<MemberEvent> events = new ArrayList<>();
    for (Map.Entry<NodeId, State> e : peers.entrySet()) {
      State state = e.getValue();
      if (state.liveness == Liveness.ALIVE && nowMillis - state.lastHeard > timeoutMillis) {
        state.liveness = Liveness.SUSPECT;
        state.since = nowMillis;
        events.add(new MemberEvent(e.getKey(), Liveness.SUSPECT, nowMillis));
      }
    }
    return events;
  }

  /** The current view, this node included. */
  public MembershipView view() {
    List<Member> members = new ArrayList<>();
    TreeMap<NodeId, Member> sorted = new TreeMap<>();
    sorted.put(self, new Member(self, Liveness.ALIVE, createdMillis, true));
    for (Map.Entry<NodeId, State> e : peers.entrySet()) {
      sorted.put(e.getKey(), new Member(e.getKey(), e.getValue().liveness, e.getValue().since, false));
    }
    members.addAll(sorted.values());
    return new MembershipView(self, members);
  }

  /** The configured silence before suspicion. */
  public long timeoutMillis() {
    return timeoutMillis;
  }
}
