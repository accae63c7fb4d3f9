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
 * <p>Heartbeats carry the sender's incarnation (its start stamp). A heartbeat with a newer
 * incarnation from an alive peer is reported as a restart ({@link MemberEvent#restarted}); one
 * with an older incarnation than already seen is a leftover of the previous run and is ignored.
 *
 * <p>Not thread-safe: its driver serializes calls.
 */
public final class FailureDetector {
  private final NodeId self;
  private final long timeoutMillis;
  private final Map<NodeId, State> peers = new TreeMap<>();
  private final long createdMillis;
  private final long selfIncarnation;

  private static final class State {
    Liveness liveness = Liveness.SUSPECT;
    long since;
    long lastHeard = Long.MIN_VALUE;
    long incarnation;

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
    this(self, peers, timeoutMillis, nowMillis, nowMillis);
  }

  /**
   * As above, with this node's own incarnation (what its heartbeats carry) for {@link #view}.
   */
  public FailureDetector(NodeId self, Collection<NodeId> peers, long timeoutMillis, long nowMillis,
      long selfIncarnation) {
    this.self = Objects.requireNonNull(self, "self");
    this.selfIncarnation = Math.max(1, selfIncarnation); // 0 means "not heard from"
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

  /** A heartbeat from {@code from} arrived at {@code nowMillis} (incarnation not tracked). */
  public List<MemberEvent> onHeartbeat(NodeId from, long nowMillis) {
    State state = peers.get(from);
    return onHeartbeat(from, state == null ? 0 : state.incarnation, nowMillis);
  }

  /** A heartbeat of incarnation {@code incarnation} from {@code from} arrived at {@code nowMillis}. */
  public List<MemberEvent> onHeartbeat(NodeId from, long incarnation, long nowMillis) {
    State state = peers.get(from);
    if (state == null || incarnation < state.incarnation) {
      return List.of();
    }
    boolean restarted = state.incarnation != 0 && incarnation > state.incarnation;
    state.incarnation = incarnation;
    state.lastHeard = Math.max(state.lastHeard, nowMillis);
    if (state.liveness == Liveness.ALIVE) {
      if (!restarted) {
        return List.of();
      }
      state.since = nowMillis;
      return List.of(new MemberEvent(from, Liveness.ALIVE, nowMillis, true));
    }
    state.liveness = Liveness.ALIVE;
    state.since = nowMillis;
    return List.of(new MemberEvent(from, Liveness.ALIVE, nowMillis, restarted));
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
    sorted.put(self, new Member(self, Liveness.ALIVE, createdMillis, true, selfIncarnation));
    for (Map.Entry<NodeId, State> e : peers.entrySet()) {
      State st = e.getValue();
      sorted.put(e.getKey(), new Member(e.getKey(), st.liveness, st.since, false, st.incarnation));
    }
    members.addAll(sorted.values());
    return new MembershipView(self, members);
  }

  /** This node's incarnation, which its heartbeats carry (at least 1). */
  public long selfIncarnation() {
    return selfIncarnation;
  }

  /** The configured silence before suspicion. */
  public long timeoutMillis() {
    return timeoutMillis;
  }
}
