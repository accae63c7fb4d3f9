package io.dsync.raft;

import io.dsync.raft.core.RaftConfig;
import io.dsync.raft.log.FsyncPolicy;
import java.util.Map;

/**
 * Settings of a {@link RaftNode}. Read from node settings with {@link #fromSettings}:
 * {@code raft.electionTimeoutMillis} (1000), {@code raft.heartbeatMillis} (100),
 * {@code raft.fsync} ({@code always}; {@code never} is unsafe, for tests and benchmarks),
 * {@code raft.snapshotEveryEntries} (10000), {@code raft.leaseReads} (false),
 * {@code raft.sessionTimeoutMillis} (600000), {@code raft.requestTimeoutMillis} (10000),
 * {@code raft.segmentBytes} (64 MiB), {@code raft.followerSyncThread} (false),
 * {@code raft.ioThread} (true).
 *
 * @param raft core timings and limits
 * @param fsync when the log is forced to disk
 * @param snapshotEveryEntries snapshot after this many applied entries
 * @param sessionTimeoutMillis idle client sessions expire after this (same on every member)
 * @param requestTimeoutMillis how long submit/read retry before failing with a timeout
 * @param segmentBytes log segment size
 * @param followerSyncThread whether a follower, too, forces its log on the sync thread (the
 *     leader always does, with {@code raft.fsync=always}); off by default: on a follower the
 *     sync thread adds two thread hand-offs to every acknowledgement and buys little overlap
 *     (measured in docs/raft.md)
 * @param ioThread whether the group runs its turns on the transport's event loop that carries
 *     the node-to-node connections ({@link io.dsync.net.Transport#peerExecutor}) instead of on
 *     a thread of its own; ignored when the transport offers no such loop (see docs/raft.md,
 *     "Threading")
 */
public record RaftNodeOptions(
    RaftConfig raft,
    FsyncPolicy fsync,
    long snapshotEveryEntries,
    long sessionTimeoutMillis,
    long requestTimeoutMillis,
    long segmentBytes,
    boolean followerSyncThread,
    boolean ioThread) {

  /** Default of {@link #ioThread}: measured faster (docs/raft.md, "Threading"). */
  public static final boolean DEFAULT_IO_THREAD = true;

  /** Validates. */
  public RaftNodeOptions {
    if (snapshotEveryEntries < 1 || sessionTimeoutMillis < 1 || requestTimeoutMillis < 1 || segmentBytes < 1024) {
      throw new IllegalArgumentException("raft options out of range");
    }
  }

  /** Settings with the default sync and loop placements (followers force on their loop). */
  public RaftNodeOptions(RaftConfig raft, FsyncPolicy fsync, long snapshotEveryEntries, long sessionTimeoutMillis,
      long requestTimeoutMillis, long segmentBytes) {
    this(raft, fsync, snapshotEveryEntries, sessionTimeoutMillis, requestTimeoutMillis, segmentBytes, false,
        DEFAULT_IO_THREAD);
  }

  /** Settings with the default loop placement ({@link #ioThread}). */
  public RaftNodeOptions(RaftConfig raft, FsyncPolicy fsync, long snapshotEveryEntries, long sessionTimeoutMillis,
      long requestTimeoutMillis, long segmentBytes, boolean followerSyncThread) {
    this(raft, fsync, snapshotEveryEntries, sessionTimeoutMillis, requestTimeoutMillis, segmentBytes,
        followerSyncThread, DEFAULT_IO_THREAD);
  }

  /** Defaults: fsync always. */
  public static RaftNodeOptions defaults() {
    return new RaftNodeOptions(RaftConfig.defaults(), FsyncPolicy.ALWAYS, 10_000, 600_000, 10_000, 64L << 20);
  }

  /** A copy with another fsync policy. */
  public RaftNodeOptions withFsync(FsyncPolicy p) {
    return new RaftNodeOptions(raft, p, snapshotEveryEntries, sessionTimeoutMillis, requestTimeoutMillis, segmentBytes,
        followerSyncThread, ioThread);
  }

  /** A copy with other core settings. */
  public RaftNodeOptions withRaft(RaftConfig c) {
    return new RaftNodeOptions(c, fsync, snapshotEveryEntries, sessionTimeoutMillis, requestTimeoutMillis, segmentBytes,
        followerSyncThread, ioThread);
  }

  /** A copy with another snapshot interval. */
  public RaftNodeOptions withSnapshotEvery(long entries) {
    return new RaftNodeOptions(raft, fsync, entries, sessionTimeoutMillis, requestTimeoutMillis, segmentBytes,
        followerSyncThread, ioThread);
  }

  /** A copy where followers force on the sync thread too ({@code true}) or on their Raft thread. */
  public RaftNodeOptions withFollowerSyncThread(boolean on) {
    return new RaftNodeOptions(raft, fsync, snapshotEveryEntries, sessionTimeoutMillis, requestTimeoutMillis, segmentBytes,
        on, ioThread);
  }

  /** A copy where the group runs on the transport's peer event loop ({@code true}) or on its own thread. */
  public RaftNodeOptions withIoThread(boolean on) {
    return new RaftNodeOptions(raft, fsync, snapshotEveryEntries, sessionTimeoutMillis, requestTimeoutMillis, segmentBytes,
        followerSyncThread, on);
  }

  /**
   * Reads {@code raft.*} settings.
   *
   * @throws IllegalArgumentException naming the bad setting
   */
  public static RaftNodeOptions fromSettings(Map<String, String> s) {
    RaftNodeOptions d = defaults();
    long election = num(s, "raft.electionTimeoutMillis", d.raft().electionTimeoutMillis());
    long heartbeat = num(s, "raft.heartbeatMillis", Math.max(1, election / 10));
    RaftConfig rc = d.raft().withTimeouts(election, heartbeat)
        .withLeaseReads(Boolean.parseBoolean(s.getOrDefault("raft.leaseReads", "false")));
    String f = s.getOrDefault("raft.fsync", "always").trim().toUpperCase(java.util.Locale.ROOT);
    FsyncPolicy policy;
    try {
      policy = FsyncPolicy.valueOf(f);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("raft.fsync must be 'always' or 'never', got '" + s.get("raft.fsync") + "'");
    }
    return new RaftNodeOptions(rc, policy, num(s, "raft.snapshotEveryEntries", d.snapshotEveryEntries()),
        num(s, "raft.sessionTimeoutMillis", d.sessionTimeoutMillis()),
        num(s, "raft.requestTimeoutMillis", d.requestTimeoutMillis()), num(s, "raft.segmentBytes", d.segmentBytes()),
        bool(s, "raft.followerSyncThread", d.followerSyncThread()), ioThread(s));
  }

  /**
   * {@code raft.ioThread} from node settings ({@link #DEFAULT_IO_THREAD} when absent): read on its
   * own by the node's transport factory, which places peers' connections before the groups start.
   */
  public static boolean ioThread(Map<String, String> settings) {
    return bool(settings, "raft.ioThread", DEFAULT_IO_THREAD);
  }

  private static boolean bool(Map<String, String> s, String key, boolean dflt) {
    String v = s.get(key);
    if (v == null) {
      return dflt;
    }
    String t = v.trim().toLowerCase(java.util.Locale.ROOT);
    if (!t.equals("true") && !t.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(t);
  }

  private static long num(Map<String, String> s, String key, long dflt) {
    String v = s.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
    }
  }
}
