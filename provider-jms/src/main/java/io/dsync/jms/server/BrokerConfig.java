package io.dsync.jms.server;

import io.dsync.jms.broker.BrokerLimits;
import io.dsync.jms.wal.FsyncPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable broker configuration; build with {@link #builder()}.
 *
 * @param name broker name (the {@code vm://name} of embedded brokers)
 * @param dataDir WAL folder, or null for a broker that keeps everything in memory
 * @param fsync when the WAL syncs
 * @param limits engine limits (redelivery, dead-letter queue, sizes)
 * @param users user name to password; empty means no users are defined
 * @param allowAnonymous whether connections without a user name are accepted
 * @param sendTimeoutMillis how long a send waits for room in a full queue
 * @param compactAfterRecords how many records (a message stored, acknowledged or delivered counts
 *     one) the WAL must hold before the running broker compacts it; it does when less than half
 *     of them is still live
 */
public record BrokerConfig(
    String name,
    Path dataDir,
    FsyncPolicy fsync,
    BrokerLimits limits,
    Map<String, String> users,
    boolean allowAnonymous,
    long sendTimeoutMillis,
    long compactAfterRecords) {

  /** The default of {@link #compactAfterRecords} (benchmark knob {@code -Ddsync.jms.wal.compactAfterRecords}). */
  public static final long DEFAULT_COMPACT_AFTER_RECORDS = Long.getLong("dsync.jms.wal.compactAfterRecords", 1_000_000);

  /** Copies the user map. */
  public BrokerConfig {
    users = Map.copyOf(users);
    if (compactAfterRecords < 1) {
      throw new IllegalArgumentException("compactAfterRecords must be at least 1, got " + compactAfterRecords);
    }
  }

  /** A builder with the defaults: in memory, fsync ALWAYS, anonymous allowed. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link BrokerConfig}. Not thread-safe. */
  public static final class Builder {
    private String name = "localhost";
    private Path dataDir;
    private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
    private BrokerLimits limits = BrokerLimits.defaults();
    private final Map<String, String> users = new LinkedHashMap<>();
    private boolean allowAnonymous = true;
    private long sendTimeoutMillis = 10_000;
    private long compactAfterRecords = DEFAULT_COMPACT_AFTER_RECORDS;

    /** Broker name. */
    public Builder name(String v) {
      name = v;
      return this;
    }

    /** WAL folder (null: memory only). */
    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    /** Fsync policy. */
    public Builder fsync(FsyncPolicy v) {
      fsync = v;
      return this;
    }

    /** Engine limits. */
    public Builder limits(BrokerLimits v) {
      limits = v;
      return this;
    }

    /** Adds a user. */
    public Builder user(String user, String password) {
      users.put(user, password);
      return this;
    }

    /** Whether anonymous connections are accepted. */
    public Builder allowAnonymous(boolean v) {
      allowAnonymous = v;
      return this;
    }

    /** See {@link BrokerConfig#compactAfterRecords}. */
    public Builder compactAfterRecords(long v) {
      compactAfterRecords = v;
      return this;
    }

    /** How long a send waits for room in a full queue. */
    public Builder sendTimeoutMillis(long v) {
      sendTimeoutMillis = v;
      return this;
    }

    /** Builds the configuration. */
    public BrokerConfig build() {
      return new BrokerConfig(name, dataDir, fsync, limits, users, allowAnonymous, sendTimeoutMillis, compactAfterRecords);
    }
  }
}
