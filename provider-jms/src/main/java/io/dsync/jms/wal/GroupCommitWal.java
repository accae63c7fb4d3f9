package io.dsync.jms.wal;

import io.dsync.jms.broker.LogRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit over a {@link WalStore}: one writer thread drains every record queued since its
 * last round, writes them in order, syncs once if any of them asked for it (and the policy is
 * {@link FsyncPolicy#ALWAYS}), then completes their futures. Many concurrent senders share one
 * sync: whatever is queued while a sync runs joins the next one.
 *
 * <p>Gathering: a sender released by a sync usually sends again within microseconds, and a sync
 * of several records costs little more than a sync of one. So before a sync, when fewer records
 * wait for it than the previous round released (plus those that queued during that sync), the
 * writer waits for the rest — at most the average sync time (half of it until 2026-11-24: once
 * the syncs got fast, remote producers' round trips no longer fit; provider-jms/docs/jms.md), and
 * never when no record waits for a sync. One producer is never delayed: it is the only one
 * expected.
 */
public final class GroupCommitWal implements Wal {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWal.class);
  private static final int BATCH_MAX = 4096;
  /** Upper bound of the wait for returning senders before a sync. */
  private static final long MAX_GATHER_NANOS = 500_000;
  /** The gathering budget in percent of the average sync (benchmark knob {@code -Ddsync.jms.wal.gatherPercent}). */
  private static final long GATHER_PERCENT = Long.getLong("dsync.jms.wal.gatherPercent", 100);

  /** A record to write ({@code bytes}), the stop marker (no future), or a rewrite ({@code live}). */
  private record Pending(byte[] bytes, boolean sync, CompletableFuture<Void> done, List<LogRecord> live) {
    Pending(byte[] bytes, boolean sync, CompletableFuture<Void> done) {
      this(bytes, sync, done, null);
    }
  }

  /**
   * Replaces the log with one that holds only the live records; runs on the writer's thread
   * when a {@link #rewrite} comes up, after every record queued before it is written and synced.
   */
  @FunctionalInterface
  public interface Rewriter {
    /**
     * Closes {@code current}, makes a log of {@code live} durable in its place, and returns the
     * store to append to from then on. When the new log cannot be made, returns a store on the
     * old log with the failure; throws only when no log can be opened at all.
     */
    Result rewrite(WalStore current, List<LogRecord> live);

    /** The store to go on with, and why the rewrite failed (null when it did not). */
    record Result(WalStore store, Throwable failure) {}
  }

  private WalStore store;
  private final Rewriter rewriter;
  private volatile long rewrites;
  private final FsyncPolicy policy;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  private volatile Throwable failure;
  private final boolean gather;
  private volatile long syncs;
  private volatile long written;
  private volatile long gathered;
  private volatile long rounds;
  private volatile long gatherNanosTotal;
  private volatile long writeNanosTotal;
  private volatile long syncNanosTotal;
  private volatile long releaseNanosTotal;
  private long syncNanosAverage = 200_000;

  /** A WAL whose writer waits briefly for returning senders before a sync (see the class comment). */
  public GroupCommitWal(WalStore store, FsyncPolicy policy, String name) {
    this(store, policy, name, true);
  }

  /**
   * A WAL; {@code gather} false makes the writer sync whatever is queued at once (the plain
   * greedy loop, kept for benchmarks that compare the two).
   */
  public GroupCommitWal(WalStore store, FsyncPolicy policy, String name, boolean gather) {
    this(store, policy, name, gather, null);
  }

  /** A WAL that can be {@linkplain #rewrite rewritten} through {@code rewriter} (null: it cannot). */
  public GroupCommitWal(WalStore store, FsyncPolicy policy, String name, boolean gather, Rewriter rewriter) {
    this.store = store;
    this.rewriter = rewriter;
    this.policy = policy;
    this.gather = gather;
    this.writer = new Thread(this::run, "dsync-jms-wal-" + name);
    this.writer.setDaemon(true);
  }

  @Override
  public void replay(Consumer<LogRecord> sink) {
    // A record that does not decode is tolerated only as the very last one (a torn tail after a
    // crash); anywhere else it is corruption and the broker must not start on it.
    RuntimeException[] torn = new RuntimeException[1];
    store.readAll(bytes -> {
      if (torn[0] != null) {
        throw new IllegalStateException("the WAL is corrupt: a bad record is followed by more records", torn[0]);
      }
      LogRecord r;
      try {
        r = LogRecordCodec.decode(bytes);
      } catch (IllegalArgumentException e) {
        torn[0] = e;
        return;
      }
      sink.accept(r);
    });
    if (torn[0] != null) {
      LOG.warn("ignoring a torn last WAL record: {}", torn[0].getMessage());
    }
    writer.start();
  }

  @Override
  public CompletableFuture<Void> append(LogRecord record, boolean sync) {
    return enqueue(() -> new Pending(LogRecordCodec.encode(record), sync, new CompletableFuture<>()));
  }

  /** Queues what {@code make} builds and returns its future, or a failed one when the log is closed or broken. */
  private CompletableFuture<Void> enqueue(java.util.function.Supplier<Pending> make) {
    if (closed || failure != null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the WAL is closed" + (failure == null ? "" : ": " + failure)));
    }
    Pending p = make.get();
    queue.add(p);
    return p.done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    int expectedSyncWaiters = 0;
    while (true) {
      try {
        Pending first = queue.take();
        batch.add(first);
        queue.drainTo(batch, BATCH_MAX);
        rounds++;
        long gatherFrom = System.nanoTime();
        if (gather && policy == FsyncPolicy.ALWAYS) {
          gatherReturningWaiters(batch, expectedSyncWaiters);
        }
        gatherNanosTotal += System.nanoTime() - gatherFrom;
        // a rewrite splits the batch: what came before it is written and synced first
        boolean stop = false;
        int from = 0;
        while (from < batch.size()) {
          int to = from;
          while (to < batch.size() && batch.get(to).live == null) {
            to++;
          }
          Round round = writeAndSync(batch.subList(from, to));
          stop |= round.stop;
          if (round.expectedSyncWaiters >= 0) {
            expectedSyncWaiters = round.expectedSyncWaiters;
          }
          if (to < batch.size()) {
            rewrite(batch.get(to));
            to++;
          }
          from = to;
        }
        // a round with nothing to sync (acknowledgements of a consumer) keeps the expectation:
        // the producers released by the last sync are still on their way back
        batch.clear();
        if (stop) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        LOG.error("WAL write failed; refusing further writes", e);
        failure = e;
        for (Pending p : batch) {
          if (p.done != null) {
            p.done.completeExceptionally(e);
          }
        }
        batch.clear();
      }
    }
  }

  /**
   * What one write-and-sync round did: whether it met the stop marker, and after a sync how many
   * records the next one is expected to gather (-1: no sync).
   */
  private record Round(boolean stop, int expectedSyncWaiters) {}

  /**
   * Writes records in order, releases those that need no sync, syncs once if any other needs it
   * (with {@link FsyncPolicy#ALWAYS}) and releases them.
   */
  private Round writeAndSync(List<Pending> records) {
    long writeFrom = System.nanoTime();
    boolean stop = false;
    boolean sync = false;
    int syncWaiters = 0;
    for (Pending p : records) {
      if (p.bytes == null) {
        stop = true;
        continue;
      }
      store.write(p.bytes);
      written++;
      if (p.sync) {
        sync = true;
        syncWaiters++;
      }
    }
    boolean forcing = sync && policy == FsyncPolicy.ALWAYS;
    // records that only need to be written (acknowledgements, delivery counts) are released
    // before the sync, so consumers do not wait for the producers' fsync
    for (Pending p : records) {
      if (p.done != null && (!forcing || !p.sync)) {
        p.done.complete(null);
      }
    }
    long t0 = System.nanoTime();
    writeNanosTotal += t0 - writeFrom;
    if (!forcing) {
      return new Round(stop, -1);
    }
    store.sync();
    long took = System.nanoTime() - t0;
    syncNanosAverage += (took - syncNanosAverage) / 8;
    syncNanosTotal += took;
    syncs++;
    // the senders released now will most likely send again; whoever queued during the sync is
    // already waiting: together, the next batch worth waiting a moment for. Counted before the
    // release, or the released ones that are quick to send again would count twice.
    int expected = Math.min(BATCH_MAX, syncWaiters + queuedSyncWaiters());
    for (Pending p : records) {
      if (p.done != null && p.sync) {
        p.done.complete(null);
      }
    }
    releaseNanosTotal += System.nanoTime() - t0 - took;
    return new Round(stop, expected);
  }

  /** Replaces the log by the live records through the {@link Rewriter}, between two rounds. */
  private void rewrite(Pending p) {
    if (rewriter == null) {
      p.done.completeExceptionally(new UnsupportedOperationException("this WAL cannot be rewritten"));
      return;
    }
    Rewriter.Result result = rewriter.rewrite(store, p.live);
    store = result.store();
    if (result.failure() == null) {
      rewrites++;
      p.done.complete(null);
    } else {
      LOG.warn("rewriting the WAL failed; appending to the old log", result.failure());
      p.done.completeExceptionally(result.failure());
    }
  }

  /**
   * Before a sync: the senders the previous sync released tend to send again within
   * microseconds, and one sync of their records together costs little more than a sync of the
   * first of them. So when the batch has fewer records waiting for a sync than the previous
   * round released (plus those that queued during it), wait for more — but at most a fraction
   * of what a sync takes, and never when no one waits for a sync (one producer: no delay).
   */
  private void gatherReturningWaiters(List<Pending> batch, int expected) throws InterruptedException {
    int have = 0;
    for (Pending p : batch) {
      if (p.bytes == null) {
        return;
      }
      if (p.sync) {
        have++;
      }
    }
    if (have == 0 || have >= expected) {
      return;
    }
    long budget = Math.min(MAX_GATHER_NANOS, syncNanosAverage * GATHER_PERCENT / 100);
    long deadline = System.nanoTime() + budget;
    while (have < expected && batch.size() < BATCH_MAX) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending p = queue.poll(left, TimeUnit.NANOSECONDS);
      if (p == null) {
        return;
      }
      batch.add(p);
      if (p.bytes == null) {
        return;
      }
      if (p.sync) {
        have++;
      }
    }
    gathered++;
  }

  private int queuedSyncWaiters() {
    int n = 0;
    for (Pending p : queue) {
      if (p.sync) {
        n++;
      }
    }
    return n;
  }

  /** Rounds in which the writer waited for more senders before syncing (and got them). */
  public long gatheredCount() {
    return gathered;
  }

  /**
   * Where the writer's time went so far (for benchmarks and metrics), nanoseconds summed over
   * all rounds: {@code [rounds, gathering, writing (with releasing the records that need no
   * sync), syncing, releasing the synced records]}. The rest of the wall time the writer waited
   * for a first record.
   */
  public long[] writerTimes() {
    return new long[] {rounds, gatherNanosTotal, writeNanosTotal, syncNanosTotal, releaseNanosTotal};
  }

  /** The caller hands {@code live} over: it is read later, on the writer's thread, and must not change. */
  @Override
  public CompletableFuture<Void> rewrite(List<LogRecord> live) {
    return enqueue(() -> new Pending(null, false, new CompletableFuture<>(), Collections.unmodifiableList(live)));
  }

  /** Rewrites done (compactions while running). */
  public long rewriteCount() {
    return rewrites;
  }

  /** Syncs performed (for metrics and tests of group commit). */
  public long syncCount() {
    return syncs;
  }

  /** Records written. */
  public long writtenCount() {
    return written;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Boolean.getBoolean("dsync.jms.wal.stats")) {
      // benchmark knob: where the writer's time went, printed once when the log closes
      long r = Math.max(1, rounds);
      System.err.printf("[wal %s] records %d, rounds %d, syncs %d, gathered %d; per round (us): gather %d, write %d,"
              + " sync %d, release %d%n", writer.getName(), written, rounds, syncs, gathered, gatherNanosTotal / r / 1000,
          writeNanosTotal / r / 1000, syncNanosTotal / r / 1000, releaseNanosTotal / r / 1000);
    }
    if (writer.isAlive()) {
      queue.add(new Pending(null, false, null));
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    store.close();
  }
}
