package io.dsync.raft.core;

import io.dsync.raft.core.RaftMessage.AppendRequest;
import io.dsync.raft.core.RaftMessage.AppendResponse;
import io.dsync.raft.core.RaftMessage.SnapshotRequest;
import io.dsync.raft.core.RaftMessage.SnapshotResponse;
import io.dsync.raft.core.RaftMessage.TimeoutNow;
import io.dsync.raft.core.RaftMessage.VoteRequest;
import io.dsync.raft.core.RaftMessage.VoteResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One Raft server as a pure state machine (etcd-raft style). Every input returns an
 * {@link Effects} record the driver must perform in the order its Javadoc states.
 *
 * <p>Implemented: leader election with randomized timeouts (§5.2), pre-vote and check-quorum
 * (thesis §9.6, §6.2), pipelined and batched log replication (§5.3) with conflict hints for
 * fast repair, commit of current-term entries by counting (§5.4.2), snapshots and chunked
 * InstallSnapshot (§7), single-server membership changes (thesis §4.1), leader transfer
 * (thesis §3.10), ReadIndex and optional lease reads (thesis §6.4).
 *
 * <p>Not thread-safe: one driver thread feeds it. Programmer errors (inputs that break the
 * contract) throw {@link IllegalStateException} or {@link IllegalArgumentException}; malformed
 * messages from peers are ignored.
 */
public final class RaftCore {
  private final String id;
  private final RaftConfig cfg;
  private final Random random;
  private final RaftLog log;
  private final Replicator replicator;

  private long term;
  private @Nullable String votedFor;
  private HardState persistedHard;
  private Role role = Role.FOLLOWER;
  private @Nullable String leader;
  private long commitIndex;
  private long handedOut;
  private long persistedIndex;

  private long electionDeadline;
  private long heartbeatDue;
  private long quorumCheckDue;
  private long lastLeaderContact = Long.MIN_VALUE / 4;

  private final Map<String, Boolean> votes = new TreeMap<>();
  private final Map<String, Progress> progress = new TreeMap<>();
  private @Nullable String transferTarget;
  /**
   * Set once this leader has sent TimeoutNow in its term: the target campaigns with the transfer
   * flag, which voters grant even inside a lease, so this leader's lease no longer excludes a
   * newer leader and its reads go through a heartbeat round (ReadIndex) for the rest of the term.
   */
  private boolean leaseForfeited;
  private long transferDeadline;

  private long contextSeq;
  private final ReadTracker reads = new ReadTracker();

  private final SnapshotAssembly incoming = new SnapshotAssembly();

  private EffectsBuilder out = new EffectsBuilder();

  /**
   * Creates a server from what its disk kept.
   *
   * @param id this server's member id
   * @param cfg timings and limits
   * @param random source of election-timeout jitter (seeded in simulations)
   * @param state what the disk kept ({@link PersistedState#EMPTY} for a new server)
   * @param bootstrap the initial configuration, used only when neither snapshot nor log holds
   *     one: give every founding member the same set; a server that will be added later gets
   *     {@link Membership#EMPTY}
   * @param nowMillis the current time
   */
  public RaftCore(String id, RaftConfig cfg, Random random, PersistedState state, Membership bootstrap, long nowMillis) {
    this.id = Objects.requireNonNull(id, "id");
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.random = Objects.requireNonNull(random, "random");
    this.log = new RaftLog(state.snapshot(), bootstrap);
    this.replicator = new Replicator(log, cfg);
    for (LogEntry e : state.entries()) {
      if (e.index() <= log.snapshotIndex()) {
        continue;
      }
      if (e.index() != log.lastIndex() + 1) {
        throw new IllegalArgumentException("gap in persisted log: " + e.index() + " after " + log.lastIndex());
      }
      log.append(e);
    }
    this.term = state.hardState().term();
    this.votedFor = state.hardState().votedFor();
    this.persistedHard = state.hardState();
    this.commitIndex = log.snapshotIndex();
    this.handedOut = log.snapshotIndex();
    this.persistedIndex = log.lastIndex();
    this.lastLeaderContact = nowMillis;
    resetElectionTimer(nowMillis);
    if (log.membership().voters().equals(java.util.Set.of(id))) {
      electionDeadline = nowMillis; // a one-member cluster need not wait for anyone
    }
  }

  // ---------------------------------------------------------------- inputs

  /** A message from peer {@code from} arrived. */
  public Effects onMessage(String from, RaftMessage msg, long nowMillis) {
    begin();
    if (from.equals(id)) {
      return finish(nowMillis);
    }
    if (msg.term() > term) {
      if (!adoptHigherTerm(from, msg, nowMillis)) {
        return finish(nowMillis);
      }
    } else if (msg.term() < term) {
      answerStale(from, msg);
      return finish(nowMillis);
    }
    dispatch(from, msg, nowMillis);
    return finish(nowMillis);
  }

  /** Time passed: fire election or heartbeat timers that are due. */
  public Effects onTick(long nowMillis) {
    begin();
    if (role == Role.LEADER) {
      if (nowMillis >= heartbeatDue) {
        broadcastHeartbeat(nowMillis);
      }
      if (nowMillis >= quorumCheckDue) {
        quorumCheckDue = nowMillis + cfg.electionTimeoutMillis();
        checkQuorum(nowMillis);
      }
      if (role == Role.LEADER && transferTarget != null && nowMillis >= transferDeadline) {
        transferTarget = null;
      }
    } else if (nowMillis >= electionDeadline) {
      if (promotable()) {
        campaign(nowMillis, cfg.preVote(), false);
      } else {
        resetElectionTimer(nowMillis);
      }
    }
    return finish(nowMillis);
  }

  /** Proposes one command; see {@link #propose(List, long)}. */
  public Effects propose(byte[] command, long nowMillis) {
    return propose(List.of(command), nowMillis);
  }

  /**
   * Proposes commands (one batch). On a leader they are appended and {@link Effects#proposed}
   * holds their indexes; otherwise {@link Effects#rejection} says why and
   * {@link Effects#leaderHint} where to go.
   */
  public Effects propose(List<byte[]> commands, long nowMillis) {
    begin();
    if (refuseWrites()) {
      return finish(nowMillis);
    }
    for (byte[] c : commands) {
      LogEntry e = new LogEntry(log.lastIndex() + 1, term, EntryType.COMMAND, Objects.requireNonNull(c, "command"));
      appendLocal(e);
      out.proposed.add(e.index());
    }
    broadcastAppend();
    return finish(nowMillis);
  }

  /** Adds ({@code add}: {@link MembershipChange#ADD_VOTER}) or removes one member. */
  public Effects changeMembership(String member, boolean add, long nowMillis) {
    return changeMembership(member, add ? MembershipChange.ADD_VOTER : MembershipChange.REMOVE, nowMillis);
  }

  /**
   * Changes the configuration by one server (thesis §4.1). Refused while an earlier change is
   * uncommitted, before the leader committed an entry of its term, or during a leader
   * transfer. On success {@link Effects#proposed} holds the configuration entry's index; it
   * takes effect at once (the new configuration counts for commitment from now on) and is safe
   * once committed.
   */
  public Effects changeMembership(String member, MembershipChange change, long nowMillis) {
    begin();
    if (refuseWrites()) {
      return finish(nowMillis);
    }
    Membership current = log.membership();
    boolean voter = current.contains(member);
    boolean learner = current.isLearner(member);
    if (log.membershipIndex() > commitIndex) {
      out.rejection = "an earlier membership change is not committed yet";
    } else if (log.term(commitIndex) != term) {
      out.rejection = "leader has not committed an entry of its term yet";
    } else if (change == MembershipChange.ADD_VOTER && voter) {
      out.rejection = member + " is already a member";
    } else if (change == MembershipChange.ADD_LEARNER && (voter || learner)) {
      out.rejection = member + " is already a " + (voter ? "member" : "learner");
    } else if (change == MembershipChange.REMOVE && !voter && !learner) {
      out.rejection = member + " is not a member";
    } else if (change == MembershipChange.REMOVE && voter && current.voters().size() == 1) {
      out.rejection = "cannot remove the last member";
    } else {
      Membership next = switch (change) {
        case ADD_VOTER -> current.with(member);
        case ADD_LEARNER -> current.withLearner(member);
        case REMOVE -> current.without(member);
      };
      LogEntry e = new LogEntry(log.lastIndex() + 1, term, EntryType.CONFIG, next.encode());
      if (change != MembershipChange.REMOVE && !member.equals(id)) {
        progress.computeIfAbsent(member, m -> new Progress(log.lastIndex() + 1));
      }
      appendLocal(e);
      out.proposed.add(e.index());
      broadcastAppend();
      maybeCommit(nowMillis);
    }
    return finish(nowMillis);
  }

  /**
   * Hands leadership to {@code target} (thesis §3.10): proposals are refused until it takes
   * over or an election timeout passes; the target is caught up, then told to campaign at once.
   */
  public Effects transferLeadership(String target, long nowMillis) {
    begin();
    if (role != Role.LEADER) {
      out.rejection = "not the leader";
    } else if (target.equals(id)) {
      out.rejection = "already the leader";
    } else if (!log.membership().contains(target) || !progress.containsKey(target)) {
      out.rejection = target + " is not a member";
    } else {
      transferTarget = target;
      transferDeadline = nowMillis + cfg.electionTimeoutMillis();
      Progress pr = progress.get(target);
      if (pr.match == log.lastIndex()) {
        sendTimeoutNow(target);
      } else {
        sendAppend(target, pr, true);
      }
    }
    return finish(nowMillis);
  }

  /**
   * Asks for a linearizable read point (thesis §6.4). Later effects report
   * {@code ReadState(requestId, index)} once leadership has been confirmed by a majority
   * after this call (or at once under a valid lease when lease reads are on), or the id in
   * {@link Effects#readsFailed}.
   */
  public Effects readIndex(long requestId, long nowMillis) {
    return readIndex(List.of(requestId), nowMillis);
  }

  /** Read points for several requests at once: one heartbeat round confirms them all. */
  public Effects readIndex(List<Long> requestIds, long nowMillis) {
    begin();
    if (role != Role.LEADER) {
      out.readsFailed.addAll(requestIds);
      out.rejection = "not the leader";
    } else if (log.term(commitIndex) != term) {
      requestIds.forEach(reads::awaitCommit);
    } else if (!requestIds.isEmpty()) {
      startReads(requestIds, nowMillis);
    }
    return finish(nowMillis);
  }

  /**
   * The driver made the log durable up to ({@code index}, {@code term}) — the
   * {@link Effects#lastIndex}/{@link Effects#lastTerm} of the newest record whose writes are
   * durable. A stale pair (the log was truncated since) is ignored.
   */
  public Effects onPersisted(long index, long entryTerm, long nowMillis) {
    begin();
    if (index > persistedIndex && index <= log.lastIndex() && log.term(index) == entryTerm) {
      persistedIndex = index;
      if (role == Role.LEADER) {
        maybeCommit(nowMillis);
      }
    }
    return finish(nowMillis);
  }

  /**
   * The driver took a snapshot of the state machine at {@code snapshot.index()} (at most the
   * last index handed out in {@link Effects#committed}) and made it durable: drop the log up to
   * it. The core keeps the image to send to lagging followers.
   */
  public void compact(SnapshotImage snapshot) {
    if (snapshot.index() > handedOut) {
      throw new IllegalStateException("snapshot " + snapshot.index() + " beyond applied " + handedOut);
    }
    if (snapshot.index() <= log.snapshotIndex()) {
      return;
    }
    log.compact(snapshot);
  }

  // ---------------------------------------------------------------- queries

  /** This server's id. */
  public String id() {
    return id;
  }

  /** Current role. */
  public Role role() {
    return role;
  }

  /** Current term. */
  public long term() {
    return term;
  }

  /** The leader this server believes in, or null. */
  public @Nullable String leader() {
    return leader;
  }

  /** Commit index. */
  public long commitIndex() {
    return commitIndex;
  }

  /** Last log index. */
  public long lastIndex() {
    return log.lastIndex();
  }

  /** Index covered by the newest snapshot. */
  public long snapshotIndex() {
    return log.snapshotIndex();
  }

  /** Term of the entry at {@code index}, or -1 when unknown here. */
  public long termAt(long index) {
    return log.term(index);
  }

  /** The entry at {@code index} (must lie after the snapshot and within the log). */
  public LogEntry entryAt(long index) {
    return log.get(index);
  }

  /** The configuration in effect (the newest in the log). */
  public Membership membership() {
    return log.membership();
  }

  /** The configuration in effect at {@code index}. */
  public Membership membershipAt(long index) {
    return log.membershipAt(index);
  }

  /** Diagnostics: the leader's view of each follower (state, match, next), for logs and tests. */
  public String describeProgress() {
    return role == Role.LEADER ? progress.toString() : "";
  }

  /** Monitoring view. */
  public RaftStatus status() {
    Map<String, Long> match = new TreeMap<>();
    if (role == Role.LEADER) {
      progress.forEach((k, v) -> match.put(k, v.match));
      match.put(id, persistedIndex);
    }
    return new RaftStatus(id, role, term, leader, commitIndex, log.lastIndex(), log.snapshotIndex(),
        log.membership(), match);
  }

  // ---------------------------------------------------------------- term rules

  /** §5.1: a higher term makes us a follower, except for pre-votes and leased vote requests. */
  private boolean adoptHigherTerm(String from, RaftMessage msg, long now) {
    if (msg instanceof VoteRequest vr) {
      // In lease: we lead, or heard from a leader (or restarted) less than T ago. Counting a
      // restart as contact keeps a leader's read lease valid across a follower's crash.
      boolean leased = cfg.checkQuorum()
          && (role == Role.LEADER || now - lastLeaderContact < cfg.electionTimeoutMillis());
      if (leased && !vr.transfer()) {
        return false; // thesis §4.2.3: a live leader exists; do not let this candidate disrupt it
      }
      if (!vr.preVote()) {
        becomeFollower(vr.term(), null, now);
      }
      return true;
    }
    if (msg instanceof VoteResponse r && r.preVote() && r.granted()) {
      return true;
    }
    boolean fromLeader = msg instanceof AppendRequest || msg instanceof SnapshotRequest || msg instanceof TimeoutNow;
    becomeFollower(msg.term(), fromLeader ? from : null, now);
    return true;
  }

  /** A message from an older term: tell a stale leader or pre-candidate about our term. */
  private void answerStale(String from, RaftMessage msg) {
    if (msg instanceof AppendRequest || msg instanceof SnapshotRequest) {
      out.send(from, new AppendResponse(term, false, 0, 0, 0, -1, 0, true));
    } else if (msg instanceof VoteRequest vr && vr.preVote()) {
      out.send(from, new VoteResponse(term, false, true));
    }
  }

  private void dispatch(String from, RaftMessage msg, long now) {
    if (msg instanceof VoteRequest m) {
      onVoteRequest(from, m, now);
    } else if (msg instanceof VoteResponse m) {
      onVoteResponse(from, m, now);
    } else if (msg instanceof AppendRequest m) {
      if (acceptLeader(from, now)) {
        onAppend(from, m);
      }
    } else if (msg instanceof AppendResponse m) {
      if (role == Role.LEADER) {
        onAppendResponse(from, m, now);
      }
    } else if (msg instanceof SnapshotRequest m) {
      if (acceptLeader(from, now)) {
        onSnapshotChunk(from, m);
      }
    } else if (msg instanceof SnapshotResponse m) {
      if (role == Role.LEADER) {
        onSnapshotResponse(from, m, now);
      }
    } else if (msg instanceof TimeoutNow) {
      if (role == Role.FOLLOWER && promotable()) {
        campaign(now, false, true);
      }
    }
  }

  /** A leader of our term speaks: follow it. Two leaders in one term would be a safety bug. */
  private boolean acceptLeader(String from, long now) {
    if (role == Role.LEADER) {
      throw new IllegalStateException(id + ": second leader " + from + " in term " + term);
    }
    if (role != Role.FOLLOWER || !from.equals(leader)) {
      becomeFollower(term, from, now);
    }
    lastLeaderContact = now;
    resetElectionTimer(now);
    return true;
  }

  // ---------------------------------------------------------------- elections

  private boolean promotable() {
    return log.membership().contains(id);
  }

  private void campaign(long now, boolean pre, boolean transfer) {
    votes.clear();
    votes.put(id, true);
    long askTerm;
    if (pre) {
      role = Role.PRE_CANDIDATE;
      leader = null;
      askTerm = term + 1;
    } else {
      term++;
      votedFor = id;
      role = Role.CANDIDATE;
      leader = null;
      askTerm = term;
    }
    failPendingReads();
    resetElectionTimer(now);
    VoteRequest req = new VoteRequest(askTerm, log.lastIndex(), log.lastTerm(), pre, transfer);
    for (String v : log.membership().voters()) {
      if (!v.equals(id)) {
        out.send(v, req);
      }
    }
    tallyVotes(now);
  }

  private void onVoteRequest(String from, VoteRequest vr, long now) {
    boolean canVote = from.equals(votedFor)
        || (votedFor == null && leader == null)
        || (vr.preVote() && vr.term() > term);
    if (canVote && log.isUpToDate(vr.lastLogIndex(), vr.lastLogTerm())) {
      out.send(from, new VoteResponse(vr.preVote() ? vr.term() : term, true, vr.preVote()));
      if (!vr.preVote()) {
        votedFor = from; // persisted (Effects.hardState) before the response is sent
        resetElectionTimer(now);
      }
    } else {
      out.send(from, new VoteResponse(term, false, vr.preVote()));
    }
  }

  private void onVoteResponse(String from, VoteResponse r, long now) {
    if (r.preVote() ? role != Role.PRE_CANDIDATE : role != Role.CANDIDATE) {
      return;
    }
    if (r.preVote() && r.granted() && r.term() != term + 1) {
      return;
    }
    votes.put(from, r.granted());
    tallyVotes(now);
  }

  private void tallyVotes(long now) {
    Membership m = log.membership();
    int granted = 0;
    int rejected = 0;
    for (String v : m.voters()) {
      Boolean b = votes.get(v);
      if (b != null) {
        if (b) {
          granted++;
        } else {
          rejected++;
        }
      }
    }
    if (granted >= m.quorum()) {
      if (role == Role.PRE_CANDIDATE) {
        campaign(now, false, false);
      } else {
        becomeLeader(now);
      }
    } else if (rejected >= m.quorum()) {
      becomeFollower(term, null, now);
    }
  }

  private void becomeFollower(long newTerm, @Nullable String newLeader, long now) {
    if (newTerm > term) {
      term = newTerm;
      votedFor = null;
    }
    role = Role.FOLLOWER;
    leader = newLeader;
    progress.clear();
    transferTarget = null;
    failPendingReads();
    resetElectionTimer(now);
  }

  private void becomeLeader(long now) {
    role = Role.LEADER;
    leader = id;
    progress.clear();
    for (String v : log.membership().members()) {
      if (!v.equals(id)) {
        progress.put(v, new Progress(log.lastIndex() + 1)); // voters and learners
      }
    }
    transferTarget = null;
    leaseForfeited = false;
    reads.newTerm();
    quorumCheckDue = now + cfg.electionTimeoutMillis();
    appendLocal(LogEntry.noop(log.lastIndex() + 1, term)); // §5.4.2, §8: commit earlier entries
    broadcastAppend();
    heartbeatDue = now + cfg.heartbeatMillis();
    maybeCommit(now);
  }

  private void resetElectionTimer(long now) {
    long t = cfg.electionTimeoutMillis();
    electionDeadline = now + t + (long) (random.nextDouble() * t);
  }

  /** Check-quorum (thesis §6.2): a leader that did not hear from a majority steps down. */
  private void checkQuorum(long now) {
    Membership m = log.membership();
    int active = m.contains(id) ? 1 : 0;
    for (Map.Entry<String, Progress> e : progress.entrySet()) {
      if (m.contains(e.getKey()) && e.getValue().recentActive) {
        active++;
      }
      e.getValue().recentActive = false;
    }
    if (cfg.checkQuorum() && active < m.quorum()) {
      becomeFollower(term, null, now);
    }
  }

  // ---------------------------------------------------------------- replication (leader)

  private boolean refuseWrites() {
    if (role != Role.LEADER) {
      out.rejection = "not the leader";
      return true;
    }
    if (transferTarget != null) {
      out.rejection = "leadership transfer to " + transferTarget + " in progress";
      return true;
    }
    return false;
  }

  private void appendLocal(LogEntry e) {
    log.append(e);
    out.append(e);
  }

  private void broadcastAppend() {
    for (Map.Entry<String, Progress> e : progress.entrySet()) {
      sendAppend(e.getKey(), e.getValue(), false);
    }
  }

  private Replicator.Send send() {
    return new Replicator.Send(out, term, commitIndex);
  }

  private void sendAppend(String to, Progress pr, boolean force) {
    replicator.sendAppend(send(), to, pr, force);
  }

  private void sendSnapshotChunk(String to, Progress pr) {
    replicator.sendSnapshotChunk(send(), to, pr);
  }

  private void broadcastHeartbeat(long now) {
    heartbeatDue = now + cfg.heartbeatMillis();
    long ctx = ++contextSeq;
    reads.heartbeatSent(ctx, now);
    for (Map.Entry<String, Progress> e : progress.entrySet()) {
      replicator.sendHeartbeat(send(), e.getKey(), e.getValue(), ctx);
    }
  }

  private void onAppendResponse(String from, AppendResponse r, long now) {
    Progress pr = progress.get(from);
    if (pr == null || r.matchIndex() > log.lastIndex() || r.matchIndex() < 0 || r.conflictIndex() < 0) {
      return; // not a follower of ours, or an impossible answer: ignore it
    }
    pr.recentActive = true;
    if (r.readContext() > pr.ackedContext) {
      pr.ackedContext = r.readContext();
      releaseReads();
    }
    if (r.success()) {
      boolean advanced = r.matchIndex() > pr.match;
      if (advanced) {
        pr.match = r.matchIndex();
        pr.next = Math.max(pr.next, pr.match + 1);
        pr.freeInflightUpTo(pr.match);
      }
      if (pr.state == Progress.State.PROBE && (advanced || (!r.heartbeat() && r.matchIndex() == pr.match))) {
        pr.becomeReplicate();
      }
      if (advanced) {
        maybeCommit(now);
        if (role != Role.LEADER) {
          return;
        }
        if (from.equals(transferTarget) && pr.match == log.lastIndex()) {
          sendTimeoutNow(from);
        }
      }
      if (r.heartbeat() && pr.match < log.lastIndex() && pr.state == Progress.State.REPLICATE) {
        if (pr.inflightFull(cfg.maxInflightAppends())) {
          pr.inflight.pollFirst();
        }
        sendAppend(from, pr, pr.next > log.lastIndex());
      } else {
        sendAppend(from, pr, false);
      }
      return;
    }
    if (r.heartbeat() || pr.state == Progress.State.SNAPSHOT || r.rejectedIndex() <= pr.match) {
      return; // stale or heartbeat rejection: progress unchanged
    }
    if (pr.state == Progress.State.PROBE && r.rejectedIndex() != pr.next - 1) {
      return; // answer to an older probe
    }
    long next;
    if (r.conflictTerm() > 0) {
      long li = log.lastIndexOfTerm(r.conflictTerm(), r.rejectedIndex());
      next = li > 0 ? li + 1 : r.conflictIndex();
    } else {
      next = r.conflictIndex();
    }
    next = Math.max(pr.match + 1, Math.min(next, r.rejectedIndex()));
    pr.becomeProbe(next);
    sendAppend(from, pr, false);
  }

  /** §5.4.2: commit the highest index stored on a majority, if it is of the current term. */
  private void maybeCommit(long now) {
    long n = Quorum.majorityValue(log.membership(), v -> {
      Progress pr = progress.get(v);
      return v.equals(id) ? persistedIndex : pr == null ? 0 : pr.match;
    });
    if (n > commitIndex && log.term(n) == term) { // §5.4.2: only entries of the current term
      commitIndex = n;
      onCommitAdvanced(now);
    }
  }

  private void onCommitAdvanced(long now) {
    if (reads.hasAwaitingCommit() && log.term(commitIndex) == term) {
      startReads(reads.takeAwaitingCommit(), now);
    }
    if (commitIndex >= log.membershipIndex()) {
      Membership m = log.membership();
      for (String p : new ArrayList<>(progress.keySet())) {
        if (!m.members().contains(p)) {
          sendAppend(p, progress.get(p), true); // tell it the commit, then forget it
          progress.remove(p);
        }
      }
      if (!m.contains(id)) {
        becomeFollower(term, null, now); // thesis §4.2.2: a removed leader steps down
      }
    }
  }

  // ---------------------------------------------------------------- replication (follower)

  private void onAppend(String from, AppendRequest req) {
    long prev = req.prevLogIndex();
    long prevTerm = req.prevLogTerm();
    List<LogEntry> ents = req.entries();
    for (int i = 0; i < ents.size(); i++) {
      if (ents.get(i).index() != prev + 1 + i) {
        return; // malformed: not consecutive
      }
    }
    if (prev < commitIndex) {
      // Entries up to our commit index match the leader's (§5.4, leader completeness): skip them.
      int skip = (int) Math.min(ents.size(), commitIndex - prev);
      ents = ents.subList(skip, ents.size());
      prev = commitIndex;
      prevTerm = log.term(commitIndex);
    }
    if (!log.matches(prev, prevTerm)) {
      long hintIndex;
      long hintTerm;
      if (prev > log.lastIndex()) {
        hintIndex = log.lastIndex() + 1;
        hintTerm = 0;
      } else {
        hintTerm = log.term(prev);
        hintIndex = log.firstIndexOfTermRun(prev, commitIndex + 1);
      }
      out.send(from, new AppendResponse(term, false, 0, hintIndex, hintTerm, req.prevLogIndex(),
          req.readContext(), req.heartbeat()));
      return;
    }
    for (LogEntry e : ents) {
      if (e.index() <= log.lastIndex()) {
        if (log.term(e.index()) == e.term()) {
          continue;
        }
        if (e.index() <= commitIndex) {
          throw new IllegalStateException(id + ": conflict at committed index " + e.index());
        }
        log.truncateFrom(e.index());
        out.truncate(e.index());
        persistedIndex = Math.min(persistedIndex, e.index() - 1);
      }
      log.append(e);
      out.append(e);
    }
    long lastNew = prev + ents.size();
    if (req.leaderCommit() > commitIndex) {
      commitIndex = Math.max(commitIndex, Math.min(req.leaderCommit(), lastNew));
    }
    out.send(from, new AppendResponse(term, true, lastNew, 0, 0, req.prevLogIndex(), req.readContext(),
        req.heartbeat()));
  }

  // ---------------------------------------------------------------- snapshots

  private void onSnapshotChunk(String from, SnapshotRequest req) {
    if (req.index() <= commitIndex) {
      out.send(from, new SnapshotResponse(term, req.index(), 0, true, commitIndex));
      return;
    }
    SnapshotAssembly.Step step = incoming.accept(req);
    SnapshotImage img = step.image();
    if (img == null) {
      out.send(from, new SnapshotResponse(term, req.index(), step.nextOffset(), false, 0));
      return;
    }
    if (log.matches(img.index(), img.term())) {
      log.compact(img); // keep the matching suffix (§7)
    } else {
      log.reset(img);
      out.truncate(img.index() + 1);
    }
    out.snapshot = img;
    commitIndex = img.index();
    handedOut = img.index();
    persistedIndex = Math.max(Math.min(persistedIndex, log.lastIndex()), img.index());
    out.send(from, new SnapshotResponse(term, img.index(), step.nextOffset(), true, img.index()));
  }

  private void onSnapshotResponse(String from, SnapshotResponse r, long now) {
    Progress pr = progress.get(from);
    if (pr == null || r.matchIndex() > log.lastIndex() || r.matchIndex() < 0 || r.nextOffset() < 0) {
      return;
    }
    pr.recentActive = true;
    if (r.done()) {
      if (r.matchIndex() > pr.match) {
        pr.match = r.matchIndex();
      }
      pr.becomeProbe(pr.match + 1);
      sendAppend(from, pr, false);
      maybeCommit(now);
      return;
    }
    if (pr.state != Progress.State.SNAPSHOT || r.index() != pr.snapshotIndex) {
      return;
    }
    // The follower always reports how many bytes it holds; follow it, forwards or backwards
    // (chunks can be lost, duplicated or reordered). Equal means a chunk is already on its way.
    if (r.nextOffset() != pr.snapshotOffset) {
      pr.snapshotOffset = r.nextOffset();
      sendSnapshotChunk(from, pr);
    }
  }

  // ---------------------------------------------------------------- reads

  private void startReads(List<Long> requestIds, long now) {
    Membership m = log.membership();
    if ((m.quorum() <= 1 && m.contains(id)) || (cfg.leaseReads() && leaseValid(now))) {
      for (long rid : requestIds) {
        out.readsReady.add(new ReadState(rid, commitIndex));
      }
      return;
    }
    broadcastHeartbeat(now); // one round, sent after every one of these requests arrived
    for (long rid : requestIds) {
      reads.add(rid, commitIndex, contextSeq);
    }
  }

  /** The context acknowledged by a majority (counting ourselves at the newest). */
  private long quorumAckedContext() {
    return Quorum.majorityValue(log.membership(), v -> {
      Progress pr = progress.get(v);
      return v.equals(id) ? contextSeq : pr == null ? 0 : pr.ackedContext;
    });
  }

  private void sendTimeoutNow(String target) {
    leaseForfeited = true;
    out.send(target, new TimeoutNow(term));
  }

  private boolean leaseValid(long now) {
    if (leaseForfeited) {
      return false;
    }
    Long sent = reads.sentAt(quorumAckedContext());
    return sent != null && now < sent + cfg.electionTimeoutMillis() - cfg.clockDriftMillis();
  }

  private void releaseReads() {
    out.readsReady.addAll(reads.release(quorumAckedContext()));
  }

  private void failPendingReads() {
    out.readsFailed.addAll(reads.failAll());
  }

  // ---------------------------------------------------------------- effects

  private void begin() {
    out = new EffectsBuilder();
  }

  private Effects finish(long now) {
    EffectsBuilder b = out;
    HardState hs = null;
    if (term != persistedHard.term() || !Objects.equals(votedFor, persistedHard.votedFor())) {
      hs = new HardState(term, votedFor);
      persistedHard = hs;
    }
    List<LogEntry> committed = List.of();
    long applyFrom = Math.max(handedOut + 1, log.snapshotIndex() + 1);
    if (commitIndex >= applyFrom) {
      committed = log.between(applyFrom, commitIndex);
      handedOut = commitIndex;
    }
    long wake;
    if (role == Role.LEADER) {
      wake = Math.min(heartbeatDue, quorumCheckDue);
      if (transferTarget != null) {
        wake = Math.min(wake, transferDeadline);
      }
    } else {
      wake = electionDeadline;
    }
    return new Effects(hs, b.snapshot, b.truncateFrom, b.entries, b.messages, committed, b.readsReady,
        b.readsFailed, b.proposed, b.rejection, leader, log.lastIndex(), log.lastTerm(), Math.max(wake, now));
  }
}
