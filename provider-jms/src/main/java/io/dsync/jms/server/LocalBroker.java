package io.dsync.jms.server;

import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.BrokerEngine;
import io.dsync.jms.broker.BrokerException;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.ConsumerSpec;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.DestinationKey;
import io.dsync.jms.broker.Effects;
import io.dsync.jms.broker.LogRecord;
import io.dsync.jms.broker.QueueStats;
import io.dsync.jms.link.BrokerEndpoint;
import io.dsync.jms.link.BrokerLink;
import io.dsync.jms.link.DeliverySink;
import io.dsync.jms.link.JmsErrors;
import io.dsync.jms.wal.ChronicleWalStore;
import io.dsync.jms.wal.GroupCommitWal;
import io.dsync.jms.wal.Wal;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node broker driver: runs the {@link BrokerEngine} under one lock, appends its WAL
 * records in engine order (group commit on a writer thread), hands deliveries to consumer sinks,
 * wakes the engine for delivery delays and REST visibility timeouts, and checks credentials.
 * Thread-safe.
 */
public final class LocalBroker implements BrokerEndpoint, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);
  private static final long WAL_WAIT_MILLIS = 30_000;
  /** Below this many records (by {@link #weight}) the WAL is never compacted at start. */
  private static final int COMPACT_MIN_RECORDS = 1000;
  /** How often expired messages are dropped from queues nobody consumes. */
  private static final long EXPIRY_SWEEP_MILLIS = 1000;

  private final BrokerConfig config;
  private final BrokerEngine engine;
  private final Wal wal;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final Map<Long, DeliverySink> sinks = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final String instanceId = UUID.randomUUID().toString();
  private final AtomicLong ids = new AtomicLong();
  private ScheduledFuture<?> wake;
  private long wakeAt = Long.MAX_VALUE;
  private volatile boolean closed;
  private Recovery recovery;
  /** What the current log holds, by {@link #weight}; guarded by the lock. */
  private long logWeight;
  /** When {@link #logWeight} reaches this, the running broker looks at compacting; guarded by the lock. */
  private long nextCompactionCheck;
  private volatile boolean compacting;

  private LocalBroker(BrokerConfig config, Wal wal, BrokerEngine engine) {
    this.config = config;
    this.engine = engine;
    this.wal = wal;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dsync-jms-timer-" + config.name());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a broker: opens the WAL (when a data folder is configured; the Chronicle JVM options
   * are checked first), replays it, and compacts it when most of it is dead (acknowledged
   * messages): the live state is written to a fresh log that replaces the old one.
   *
   * @throws IllegalStateException when JVM options are missing or the WAL cannot be read
   */
  public static LocalBroker start(BrokerConfig config) {
    BrokerEngine engine = new BrokerEngine(config.limits());
    Wal wal;
    Recovery recovery = new Recovery(0, 0, false);
    long keptWeight = 0;
    if (config.dataDir() == null) {
      wal = Wal.none();
    } else {
      JvmFlagsCheck.require();
      try {
        Files.createDirectories(config.dataDir());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create the broker data folder " + config.dataDir() + ": " + e.getMessage(), e);
      }
      WalFolders folders = new WalFolders(config.dataDir());
      folders.settle();
      wal = openWal(config, folders);
      int[] replayed = new int[1];
      long[] replayedWeight = new long[1];
      wal.replay(r -> {
        engine.replay(r);
        replayed[0]++;
        replayedWeight[0] += weight(r);
      });
      List<LogRecord> live = engine.liveRecords();
      long liveWeight = weight(live);
      boolean compact = replayedWeight[0] > COMPACT_MIN_RECORDS && replayedWeight[0] > 2 * liveWeight;
      if (compact) {
        wal.close();
        folders.compact(live);
        wal = openWal(config, folders);
        wal.replay(r -> { });
      }
      recovery = new Recovery(replayed[0], compact ? live.size() : replayed[0], compact);
      keptWeight = compact ? liveWeight : replayedWeight[0];
    }
    engine.finishRecovery(System.currentTimeMillis());
    LocalBroker b = new LocalBroker(config, wal, engine);
    b.recovery = recovery;
    b.logWeight = keptWeight;
    b.nextCompactionCheck = Math.max(config.compactAfterRecords(), 2 * b.logWeight);
    b.timer.scheduleWithFixedDelay(b::sweep, EXPIRY_SWEEP_MILLIS, EXPIRY_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    return b;
  }

  private static Wal openWal(BrokerConfig config, WalFolders folders) {
    // benchmark knob: -Ddsync.jms.wal.gather=false selects the plain greedy group-commit loop
    boolean gather = !"false".equals(System.getProperty("dsync.jms.wal.gather"));
    // compaction while running: the same folder swap as at start, on the WAL's writer thread
    GroupCommitWal.Rewriter rewriter = (current, live) -> {
      current.close();
      Throwable failure = null;
      try {
        folders.compact(live);
      } catch (RuntimeException e) {
        failure = e;
        folders.settle(); // finishes the swap if the marker was written, else drops the half-written log
      }
      return new GroupCommitWal.Rewriter.Result(new ChronicleWalStore(folders.live(), config.fsync()), failure);
    };
    return new GroupCommitWal(new ChronicleWalStore(folders.live(), config.fsync()), config.fsync(), config.name(),
        gather, rewriter);
  }

  /**
   * What a record counts towards the WAL's size when deciding on compaction: each message stored
   * and each acknowledgement in it, or 1 (so the live state, which packs many messages into one
   * record, compares fairly with the log).
   */
  static long weight(LogRecord r) {
    return r instanceof LogRecord.Commit c ? Math.max(1, c.stored().size() + c.acks().size()) : 1;
  }

  static long weight(List<LogRecord> records) {
    long w = 0;
    for (LogRecord r : records) {
      w += weight(r);
    }
    return w;
  }

  /** Broker-wide figures for metrics: one short look under the broker's lock. */
  public BrokerStats brokerStats() {
    lock.lock();
    try {
      return new BrokerStats(engine.queueCount(), engine.totalMessages(), engine.storedBytes(),
          config.limits().maxStoredBytes(), wal instanceof GroupCommitWal g ? g.syncCount() : 0, compactionsWhileRunning());
    } finally {
      lock.unlock();
    }
  }

  /** Compactions of the WAL while running so far (the one at start not counted). */
  public long compactionsWhileRunning() {
    return wal instanceof GroupCommitWal g ? g.rewriteCount() : 0;
  }

  /**
   * What the last start found in the WAL.
   *
   * @param recordsReplayed records read
   * @param recordsKept records in the log after start (fewer when compacted)
   * @param compacted whether the log was rewritten with only the live state
   */
  public record Recovery(int recordsReplayed, int recordsKept, boolean compacted) {}

  /** What the start found in the WAL. */
  public Recovery recovery() {
    return recovery;
  }

  /** The configuration. */
  public BrokerConfig config() {
    return config;
  }

  /** An id unique to this broker run (part of message ids made by the broker). */
  public String instanceId() {
    return instanceId;
  }

  @Override
  public BrokerLink connect(String user, String password) throws JMSException {
    if (closed) {
      throw new jakarta.jms.IllegalStateException("broker " + config.name() + " is stopped");
    }
    if (user == null || user.isEmpty()) {
      if (!config.allowAnonymous()) {
        throw new JMSSecurityException("anonymous connections are refused by broker " + config.name());
      }
    } else if (!config.users().isEmpty()) {
      String expected = config.users().get(user);
      if (expected == null || !expected.equals(password)) {
        throw new JMSSecurityException("wrong user name or password for user '" + user + "'");
      }
    }
    return new Link("c" + ids.incrementAndGet() + "-" + instanceId);
  }

  // ------------------------------------------------------------------ driver core

  private Effects run(Function<BrokerEngine, Effects> step) throws JMSException {
    return run(step, true);
  }

  private Effects run(Function<BrokerEngine, Effects> step, boolean waitForLog) throws JMSException {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    Effects e = stage(step, waits);
    if (waitForLog) {
      await(waits);
    }
    return e;
  }

  /** Runs one engine step under the lock and performs its effects; the WAL's confirmations go to {@code waits}. */
  private Effects stage(Function<BrokerEngine, Effects> step, List<CompletableFuture<Void>> waits) throws JMSException {
    lock.lock();
    try {
      Effects e;
      try {
        e = step.apply(engine);
      } catch (BrokerException ex) {
        throw JmsErrors.toJms(ex);
      }
      perform(e, waits);
      return e;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: queue WAL records in engine order, deliver, and arm the timer. */
  private void perform(Effects e, List<CompletableFuture<Void>> waits) {
    for (LogRecord r : e.records()) {
      boolean sync = !(r instanceof LogRecord.Consumed) && (!(r instanceof LogRecord.Commit c) || c.storesMessages());
      waits.add(wal.append(r, sync));
      logWeight += weight(r);
    }
    if (logWeight >= nextCompactionCheck && !compacting && config.dataDir() != null) {
      considerCompaction();
    }
    for (Delivery d : e.deliveries()) {
      DeliverySink sink = sinks.get(d.consumerId());
      if (sink != null) {
        sink.deliver(d);
      }
    }
    if (e.wakeAtMillis() < wakeAt) {
      if (wake != null) {
        wake.cancel(false);
      }
      wakeAt = e.wakeAtMillis();
      long delay = Math.max(0, wakeAt - System.currentTimeMillis());
      wake = timer.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    }
    room.signalAll();
  }

  /**
   * Under the lock, once the log has grown enough since the last look: when less than half of
   * it is live, queues a rewrite of the log with the live state (after every record queued so
   * far, so the two agree). The next look comes when the log has doubled again, so the cost of
   * listing the live state stays a constant share of the records written.
   */
  private void considerCompaction() {
    List<LogRecord> live = engine.liveRecords();
    long liveWeight = weight(live);
    if (logWeight > 2 * liveWeight) {
      long before = logWeight;
      long queuedAt = System.nanoTime();
      compacting = true;
      wal.rewrite(live).whenComplete((v, failure) -> {
        compacting = false;
        if (failure == null) {
          LOG.info("broker {}: compacted the WAL while running ({} records, {} live, {} ms after it was queued)",
              config.name(), before, liveWeight, (System.nanoTime() - queuedAt) / 1_000_000);
        } else {
          LOG.warn("broker {}: compacting the WAL while running failed; it goes on in the old log: {}", config.name(),
              failure.toString());
        }
      });
      logWeight = liveWeight;
    }
    nextCompactionCheck = Math.max(config.compactAfterRecords(), 2 * Math.max(logWeight, liveWeight));
  }

  private void sweep() {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    lock.lock();
    try {
      if (!closed) {
        perform(engine.sweepExpired(System.currentTimeMillis()), waits);
      }
    } finally {
      lock.unlock();
    }
  }

  private void tick() {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    lock.lock();
    try {
      wakeAt = Long.MAX_VALUE;
      wake = null;
      if (!closed) {
        perform(engine.tick(System.currentTimeMillis()), waits);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void await(List<CompletableFuture<Void>> waits) throws JMSException {
    for (CompletableFuture<Void> f : waits) {
      try {
        f.get(WAL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JMSException("interrupted while waiting for the WAL; the outcome is unknown");
      } catch (ExecutionException | TimeoutException e) {
        throw walFailed(e);
      }
    }
  }

  /**
   * One attempt at a commit that does not wait: the engine step runs on the calling thread and
   * the WAL's confirmation comes as a future (failing with the JMSException a waiting commit
   * would throw). Empty when a destination is full: the step changed nothing, and flow control
   * would have to wait. No time-out of its own: a waiting commit gives up on the WAL after
   * {@value #WAL_WAIT_MILLIS} ms, and a remote client's request times out after the same.
   */
  private Optional<CompletableFuture<Void>> tryCommitNow(List<BrokerMessage> messages, List<AckRef> acks)
      throws JMSException {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    try {
      stage(en -> en.commit(messages, acks, System.currentTimeMillis()), waits);
    } catch (jakarta.jms.ResourceAllocationException full) {
      if (isFull(full)) {
        return Optional.empty();
      }
      throw full;
    }
    CompletableFuture<Void> all = switch (waits.size()) {
      case 0 -> CompletableFuture.completedFuture(null);
      case 1 -> waits.get(0);
      default -> CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
    };
    return Optional.of(all.handle((v, failure) -> {
      if (failure != null) {
        throw new java.util.concurrent.CompletionException(walFailed(failure));
      }
      return null;
    }));
  }

  private static boolean isFull(jakarta.jms.ResourceAllocationException e) {
    return e.getMessage() != null && e.getMessage().contains("is full");
  }

  private static JMSException walFailed(Throwable cause) {
    JMSException j = new JMSException("the WAL write failed or timed out; the outcome is unknown: " + cause);
    j.initCause(cause);
    return j;
  }

  private void commitWithFlowControl(List<BrokerMessage> messages, List<AckRef> acks) throws JMSException {
    long deadline = System.currentTimeMillis() + config.sendTimeoutMillis();
    while (true) {
      try {
        run(en -> en.commit(messages, acks, System.currentTimeMillis()));
        return;
      } catch (jakarta.jms.ResourceAllocationException full) {
        if (!isFull(full)) {
          throw full;
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw full;
        }
        lock.lock();
        try {
          room.await(Math.min(left, 100), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw full;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  // ------------------------------------------------------------------ admin / REST operations

  /**
   * Enqueues a text message to a queue (REST). Blocks until stored durably.
   *
   * @return the new message id
   */
  public String enqueueText(String queue, String text, boolean persistent) throws JMSException {
    String id = "ID:" + instanceId + "-r" + ids.incrementAndGet();
    BrokerMessage m = new BrokerMessage(id, System.currentTimeMillis(), null, null,
        DestinationKey.queue(queue).toString(), persistent, 4, 0, 0, null, Map.of(),
        io.dsync.jms.broker.BodyType.TEXT, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    commitWithFlowControl(List.of(m), List.of());
    return id;
  }

  /** Takes the next message of a queue for REST (null when empty); InvalidDestinationException for an unknown queue. */
  public Delivery dequeue(String queue) throws JMSException {
    Delivery[] out = new Delivery[1];
    run(en -> {
      out[0] = en.restPull(queue, System.currentTimeMillis());
      return en.drainEffects(System.currentTimeMillis());
    });
    return out[0];
  }

  /** Acknowledges a message taken over REST; false when it is not in flight. */
  public boolean restAcknowledge(String messageId) throws JMSException {
    boolean[] out = new boolean[1];
    run(en -> {
      out[0] = en.restAcknowledge(messageId, System.currentTimeMillis());
      return en.drainEffects(System.currentTimeMillis());
    });
    return out[0];
  }

  /** Counters of a queue, or null. */
  public QueueStats stats(String queue) {
    lock.lock();
    try {
      return engine.queueStats(queue);
    } finally {
      lock.unlock();
    }
  }

  /** Counters of every queue. */
  public List<QueueStats> allStats() {
    lock.lock();
    try {
      return engine.allQueueStats();
    } finally {
      lock.unlock();
    }
  }

  /** Creates a queue if it does not exist. */
  public void createQueue(String name) {
    lock.lock();
    try {
      engine.ensureQueue(name);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.shutdownNow();
    wal.close();
  }

  /** True after {@link #close}. */
  public boolean isClosed() {
    return closed;
  }

  // ------------------------------------------------------------------ the link

  private final class Link implements BrokerLink {
    private final String connectionId;
    private volatile boolean linkClosed;

    Link(String connectionId) {
      this.connectionId = connectionId;
    }

    private void check() throws JMSException {
      if (linkClosed || closed) {
        throw new jakarta.jms.IllegalStateException("the connection to broker " + config.name() + " is closed");
      }
    }

    @Override
    public String connectionId() {
      return connectionId;
    }

    @Override
    public void claimClientId(String clientId) throws JMSException {
      check();
      run(en -> {
        en.claimClientId(connectionId, clientId);
        return Effects.NONE;
      });
    }

    @Override
    public void commit(List<BrokerMessage> messages, List<AckRef> acks) throws JMSException {
      check();
      commitWithFlowControl(messages, acks);
    }

    @Override
    public Optional<CompletableFuture<Void>> tryCommitAsync(List<BrokerMessage> messages, List<AckRef> acks)
        throws JMSException {
      check();
      return tryCommitNow(messages, acks);
    }

    @Override
    public void createConsumer(ConsumerSpec spec, DeliverySink sink) throws JMSException {
      check();
      sinks.put(spec.consumerId(), sink);
      try {
        run(en -> en.addConsumer(spec, System.currentTimeMillis()));
      } catch (JMSException e) {
        sinks.remove(spec.consumerId());
        throw e;
      }
    }

    @Override
    public void closeConsumer(long consumerId) {
      try {
        sinks.remove(consumerId);
        run(en -> en.removeConsumer(consumerId, System.currentTimeMillis()));
      } catch (JMSException e) {
        // removal has no failure mode besides a WAL error, which the next operation reports
      }
    }

    @Override
    public void consumed(long consumerId, AckRef ref) {
      try {
        run(en -> en.consumed(consumerId, ref, System.currentTimeMillis()));
      } catch (JMSException e) {
        // the count is advisory; a WAL failure shows on the next acknowledgement
      }
    }

    @Override
    public void consumedNoWait(long consumerId, AckRef ref) {
      try {
        run(en -> en.consumed(consumerId, ref, System.currentTimeMillis()), false);
      } catch (JMSException e) {
        // the count is advisory; a WAL failure shows on the acknowledgement that follows
      }
    }

    @Override
    public void acknowledge(List<AckRef> refs) throws JMSException {
      check();
      run(en -> en.acknowledge(refs, System.currentTimeMillis()));
    }

    @Override
    public void release(List<AckRef> refs) {
      try {
        run(en -> en.release(refs, System.currentTimeMillis()));
      } catch (JMSException e) {
        // released entries come back at recovery in any case
      }
    }

    @Override
    public List<Delivery> browse(DestinationKey queue, String selector) throws JMSException {
      check();
      lock.lock();
      try {
        return engine.browse(queue, selector, System.currentTimeMillis());
      } catch (BrokerException e) {
        throw JmsErrors.toJms(e);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public DestinationKey createTemporary(boolean topic) throws JMSException {
      check();
      DestinationKey key = new DestinationKey(topic ? DestinationKey.Kind.TEMP_TOPIC : DestinationKey.Kind.TEMP_QUEUE,
          "tmp-" + ids.incrementAndGet() + "-" + connectionId);
      run(en -> {
        en.createTemporary(key, connectionId);
        return Effects.NONE;
      });
      return key;
    }

    @Override
    public void deleteTemporary(DestinationKey key) throws JMSException {
      check();
      run(en -> {
        en.deleteTemporary(key, connectionId);
        return Effects.NONE;
      });
    }

    @Override
    public void unsubscribe(String clientId, String name) throws JMSException {
      check();
      run(en -> en.unsubscribe(clientId, name, System.currentTimeMillis()));
    }

    @Override
    public long newConsumerId() {
      return ids.incrementAndGet();
    }

    @Override
    public int maxMessageBytes() {
      return config.limits().maxMessageBytes();
    }

    @Override
    public void close() {
      if (linkClosed) {
        return;
      }
      linkClosed = true;
      if (closed) {
        return;
      }
      try {
        run(en -> en.connectionClosed(connectionId, System.currentTimeMillis()));
      } catch (JMSException e) {
        // nothing durable depends on a connection close
      }
    }
  }
}
