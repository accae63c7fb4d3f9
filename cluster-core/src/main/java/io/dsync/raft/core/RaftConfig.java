package io.dsync.raft.core;

/**
 * Tuning of one Raft server. All members of a cluster should use the same timings.
 *
 * @param electionTimeoutMillis base election timeout T; each server waits a random time in
 *     [T, 2T) before campaigning (§5.2)
 * @param heartbeatMillis leader's heartbeat interval, well below T
 * @param maxEntriesPerAppend batching: at most this many entries per AppendEntries
 * @param maxBytesPerAppend batching: about this many payload bytes per AppendEntries
 * @param maxInflightAppends pipelining: AppendEntries in flight per follower
 * @param snapshotChunkBytes InstallSnapshot chunk size
 * @param preVote run a pre-vote before raising the term (thesis §9.6)
 * @param checkQuorum a leader that has not heard from a majority within T steps down, and
 *     followers that heard from a leader within T ignore vote requests (thesis §6.2, §4.2.3)
 * @param leaseReads serve reads on the leader without a round of heartbeats while its lease
 *     holds. Safe only if clocks advance at nearly the same rate: the lease is T minus
 *     {@code clockDriftMillis} from the time the last quorum-acknowledged heartbeat was sent,
 *     and relies on followers not voting within T of hearing from the leader (requires
 *     {@code checkQuorum}). Off by default: ReadIndex needs no clock assumption.
 * @param clockDriftMillis safety margin subtracted from the lease
 */
public record RaftConfig(
    long electionTimeoutMillis,
    long heartbeatMillis,
    int maxEntriesPerAppend,
    int maxBytesPerAppend,
    int maxInflightAppends,
    int snapshotChunkBytes,
    boolean preVote,
    boolean checkQuorum,
    boolean leaseReads,
    long clockDriftMillis) {

  /** Validates. */
  public RaftConfig {
    if (electionTimeoutMillis < 2 || heartbeatMillis < 1 || heartbeatMillis >= electionTimeoutMillis) {
      throw new IllegalArgumentException(
          "need 1 <= heartbeatMillis < electionTimeoutMillis, got " + heartbeatMillis + ", " + electionTimeoutMillis);
    }
    if (maxEntriesPerAppend < 1 || maxBytesPerAppend < 1 || maxInflightAppends < 1 || snapshotChunkBytes < 1) {
      throw new IllegalArgumentException("batch, inflight and chunk limits must be >= 1");
    }
    if (leaseReads && !checkQuorum) {
      throw new IllegalArgumentException("leaseReads requires checkQuorum");
    }
    if (clockDriftMillis < 0 || clockDriftMillis >= electionTimeoutMillis) {
      throw new IllegalArgumentException("clockDriftMillis must be in [0, electionTimeoutMillis)");
    }
  }

  /** Defaults: T = 1000 ms, heartbeat 100 ms, 64 entries / 1 MiB per append, 8 in flight. */
  public static RaftConfig defaults() {
    return new RaftConfig(1000, 100, 64, 1 << 20, 8, 256 * 1024, true, true, false, 100);
  }

  /** A copy with other timings (the clock-drift margin becomes at most a tenth of the timeout). */
  public RaftConfig withTimeouts(long electionTimeout, long heartbeat) {
    return new RaftConfig(electionTimeout, heartbeat, maxEntriesPerAppend, maxBytesPerAppend,
        maxInflightAppends, snapshotChunkBytes, preVote, checkQuorum, leaseReads,
        Math.min(clockDriftMillis, electionTimeout / 10));
  }

  /** A copy with lease reads switched on or off (on also switches check-quorum on). */
  public RaftConfig withLeaseReads(boolean on) {
    return new RaftConfig(electionTimeoutMillis, heartbeatMillis, maxEntriesPerAppend, maxBytesPerAppend,
        maxInflightAppends, snapshotChunkBytes, preVote, checkQuorum || on, on, clockDriftMillis);
  }

  /** A copy with other batching limits. */
  public RaftConfig withBatching(int entries, int bytes, int inflight, int chunkBytes) {
    return new RaftConfig(electionTimeoutMillis, heartbeatMillis, entries, bytes, inflight, chunkBytes,
        preVote, checkQuorum, leaseReads, clockDriftMillis);
  }
}
