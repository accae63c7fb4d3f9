package io.dsync.jms.wal;

import io.dsync.jms.broker.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit over a {@link WalStore}: one writer thread drains every record queued since its
 * last round, writes them in order, syncs once if any of them asked for it (and the policy is
 * {@link FsyncPolicy#ALWAYS}), then completes their futures. Many concurrent senders share one
 * sync.
 */
public final class GroupCommitWal implements Wal {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWal.class);
  private static final int BATCH_MAX = 4096;

  private record Pending(byte[] bytes, boolean sync, CompletableFuture<Void> done) {}

  private final WalStore store;
  private final FsyncPolicy policy;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  private volatile Throwable failure;
  private long syncs;
  private long written;

  /** Starts the writer thread. */
  public GroupCommitWal(WalStore store, FsyncPolicy policy, String name) {
    this.store = store;
    this.policy = policy;
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
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed || failure != null) {
      done.completeExceptionally(new IllegalStateException("the WAL is closed" + (failure == null ? "" : ": " + failure)));
      return done;
    }
    queue.add(new Pending(LogRecordCodec.encode(record), sync, done));
    return done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        Pending first = queue.take();
        if (first.bytes == null) {
          break;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH_MAX);
        boolean stop = false;
        boolean sync = false;
        for (Pending p : batch) {
          if (p.bytes == null) {
            stop = true;
            continue;
          }
          store.write(p.bytes);
          written++;
          sync |= p.sync;
        }
        boolean forcing = sync && policy == FsyncPolicy.ALWAYS;
        // records that only need to be written (acknowledgements, delivery counts) are released
        // before the sync, so consumers do not wait for the producers' fsync
        for (Pending p : batch) {
          if (p.done != null && (!forcing || !p.sync)) {
            p.done.complete(null);
          }
        }
        if (forcing) {
          store.sync();
          syncs++;
          for (Pending p : batch) {
            if (p.done != null && p.sync) {
              p.done.complete(null);
            }
          }
        }
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
