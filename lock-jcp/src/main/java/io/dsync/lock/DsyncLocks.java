package io.dsync.lock;

import io.dsync.lock.core.LockMode;
import io.dsync.lock.core.LockTable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point of the lock client: one session with the lock manager, and the locks of that
 * session.
 *
 * <pre>{@code
 * try (DsyncLocks locks = DsyncLocks.embedded()) {
 *   Lock lock = locks.getLock("orders");
 *   lock.lock();
 *   try { ... } finally { lock.unlock(); }
 * }
 * }</pre>
 *
 * <p>Three ways to run: {@link #embedded()} (a private in-process lock manager),
 * {@link #connect(String)} (client/server: a cluster reached over TCP with a {@code dsync://} URL),
 * and {@link #create(LockEngine)} (a given engine, such as the one of a node this JVM runs).
 *
 * <p>Opening one opens a session (a round trip) and starts a daemon heartbeat thread that renews
 * the session's lease every third of it. If the process dies or is cut off for longer than the
 * lease, the cluster releases everything the session held; fencing tokens
 * ({@link DistributedLock#getFence()}) protect resources against a holder that did not notice.
 *
 * <p>{@link #close()} stops the heartbeat and closes the session, which releases all its locks.
 * Thread-safe: the locks it hands out may be used from any thread (ownership is per thread).
 */
public final class DsyncLocks implements AutoCloseable {
  /** Default session lease. */
  public static final long DEFAULT_LEASE_MILLIS = 10_000;
  /** Default bound for calls that do not wait in a lock queue (release, cancel, session). */
  public static final long DEFAULT_OPERATION_TIMEOUT_MILLIS = 30_000;

  private final ClientSession session;
  private final LockEngine ownedEngine;
  private final ConcurrentHashMap<String, DistributedLock> locks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, DistributedReadWriteLock> rwLocks = new ConcurrentHashMap<>();

  private DsyncLocks(Builder b) {
    LockEngine engine = b.engine != null ? b.engine
        : b.url != null ? io.dsync.lock.remote.RemoteLockEngine.connect(b.url) : new LocalLockEngine();
    this.ownedEngine = b.engine != null ? null : engine;
    try {
      this.session = new ClientSession(engine, b.leaseMillis, Math.max(1, b.leaseMillis / 3), b.operationTimeoutMillis);
    } catch (RuntimeException e) {
      if (ownedEngine != null) {
        ownedEngine.close();
      }
      throw e;
    }
  }

  /**
   * A session with a private in-process lock manager (no cluster, no network), closed with this
   * object. Blocks for one round trip.
   */
  public static DsyncLocks embedded() {
    return builder().build();
  }

  /**
   * A session with a cluster in client/server mode, over TCP to any of the nodes of {@code url}
   * ({@code dsync://host:port[,host:port...]}); the connection is closed with this object. Blocks
   * until a node answers and the session is open.
   *
   * @throws io.dsync.client.ClusterUnavailableException if no node can be reached
   */
  public static DsyncLocks connect(String url) {
    return builder().url(url).build();
  }

  /** A session with default settings on the given engine (shared, not closed by this object). */
  public static DsyncLocks create(LockEngine engine) {
    return builder().engine(engine).build();
  }

  /** A builder with default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The exclusive lock on {@code name}; the same object for the same name. Non-blocking.
   *
   * @throws IllegalArgumentException if the name is blank or too long
   */
  public DistributedLock getLock(String name) {
    checkName(name);
    return locks.computeIfAbsent(name, n -> new DistributedLock(session, n, LockMode.EXCLUSIVE));
  }

  /**
   * The read-write lock on {@code name}; the same object for the same name. Its write lock and
   * {@link #getLock} of the same name guard the same resource. Non-blocking.
   *
   * @throws IllegalArgumentException if the name is blank or too long
   */
  public DistributedReadWriteLock getReadWriteLock(String name) {
    checkName(name);
    return rwLocks.computeIfAbsent(name, n -> new DistributedReadWriteLock(session, n));
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("lock name must not be blank");
    }
    if (name.length() > LockTable.MAX_RESOURCE_LENGTH) {
      throw new IllegalArgumentException("lock name longer than " + LockTable.MAX_RESOURCE_LENGTH + " characters");
    }
  }

  /** This client's session id in the lock manager. */
  public long sessionId() {
    return session.id;
  }

  /**
   * False once the session expired (its locks were released) or was closed. Non-blocking. A lost
   * session is not reopened behind the caller's back: its holders learn it at {@code unlock()}
   * ({@link IllegalMonitorStateException}), new acquisitions fail with {@link LockException}, and
   * the application opens a new {@code DsyncLocks}.
   */
  public boolean isSessionAlive() {
    return !session.isClosed() && session.lostReason() == null;
  }

  /** Closes the session (releasing every lock it holds) and, if embedded, the engine. Idempotent. */
  @Override
  public void close() {
    session.close();
    if (ownedEngine != null) {
      ownedEngine.close();
    }
  }

  /** For tests: the session. */
  ClientSession sessionForTest() {
    return session;
  }

  /** For tests: stop heartbeats as if the process hung, without closing the session. */
  void simulateHangForTest() {
    session.stopHeartbeatForTest();
  }

  /** Settings for {@link DsyncLocks}. Not thread-safe; build once. */
  public static final class Builder {
    private LockEngine engine;
    private String url;
    private long leaseMillis = DEFAULT_LEASE_MILLIS;
    private long operationTimeoutMillis = DEFAULT_OPERATION_TIMEOUT_MILLIS;

    private Builder() {}

    /** The engine to use; none means {@link #url} if set, else a private in-process engine. */
    public Builder engine(LockEngine engine) {
      this.engine = engine;
      return this;
    }

    /** Connect to the cluster at this {@code dsync://} URL (ignored when an engine is given). */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** The session lease: locks are released this long after the last heartbeat. */
    public Builder leaseMillis(long leaseMillis) {
      if (leaseMillis < 3 || leaseMillis > LockTable.MAX_LEASE_MILLIS) {
        throw new IllegalArgumentException("leaseMillis must be in [3, " + LockTable.MAX_LEASE_MILLIS + "], was "
            + leaseMillis);
      }
      this.leaseMillis = leaseMillis;
      return this;
    }

    /** The bound for calls that do not wait in a lock queue. */
    public Builder operationTimeoutMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("operationTimeoutMillis must be positive, was " + millis);
      }
      this.operationTimeoutMillis = millis;
      return this;
    }

    /** Opens the session (one round trip). */
    public DsyncLocks build() {
      return new DsyncLocks(this);
    }
  }
}
