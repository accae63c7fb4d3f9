package io.dsync.raft.log;

import io.dsync.raft.core.HardState;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.SnapshotImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Raft storage in a folder: {@code log/} (a {@link SegmentedLog}), {@code hardstate} (term and
 * vote, replaced atomically) and {@code snapshots/} (the newest snapshot, replaced atomically).
 *
 * <p>Group commit: {@link #append} and {@link #saveHardState} only write; {@link #sync()}
 * forces them all at once. Term and vote are written and forced in the same sync, before the
 * driver sends any message that depends on them.
 *
 * <p>Asynchronous sync: instead of {@link #sync()}, the driver may take a {@link SyncPoint}
 * with {@link #beginSync()} (what to force: the segments written since the previous point and
 * the pending term/vote), run {@link SyncPoint#force()} on a sync thread while it keeps writing,
 * and call {@link #endSync} once the force returned. At most one point is in flight. Whatever
 * would close, delete or cut a file the in-flight force still uses — a truncation, a snapshot
 * (with the log compaction and reset it does), {@link #sync()} — first waits for that force to
 * finish ({@link #syncWaits()} counts these waits), so a truncation and the writes after it
 * are covered by the next point, never by the one in flight.
 *
 * <p>Not thread-safe: one thread (the Raft driver thread) calls every method; only
 * {@link SyncPoint#force()} runs elsewhere.
 */
public final class FileRaftStorage implements RaftStorage {
  private static final int HARD_MAGIC = 0x52484431; // "RHD1"
  private static final int SNAP_MAGIC = 0x52534e31; // "RSN1"

  private final Path dir;
  private final FsyncPolicy fsync;
  private final SegmentedLog log;
  private @Nullable HardState pendingHard;
  private @Nullable SnapshotImage snapshot;
  private long lastTermInLog;
  private final AtomicLong syncNanos = new AtomicLong();
  private volatile long snapshots;
  private volatile long snapshotNanos;
  private volatile long snapshotNanosMax;
  private @Nullable SyncPoint inFlight;
  private long syncWaits;
  private final java.util.TreeMap<Long, Long> termAt = new java.util.TreeMap<>();

  /**
   * Opens the storage in {@code dir}.
   *
   * @param dir the folder (created when missing)
   * @param fsync when to force writes
   * @param maxSegmentBytes roll to a new log segment after about this many bytes
   */
  public FileRaftStorage(Path dir, FsyncPolicy fsync, long maxSegmentBytes) {
    this.dir = dir;
    this.fsync = fsync;
    try {
      Files.createDirectories(dir.resolve("snapshots"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    this.log = new SegmentedLog(dir.resolve("log"), maxSegmentBytes, fsync);
  }

  /** Opens with 64 MiB segments. */
  public FileRaftStorage(Path dir, FsyncPolicy fsync) {
    this(dir, fsync, 64L << 20);
  }

  @Override
  public PersistedState load() {
    HardState hard = readHardState();
    snapshot = readSnapshot();
    List<LogEntry> all = log.readAll();
    List<LogEntry> entries = new ArrayList<>();
    long snapIndex = snapshot == null ? 0 : snapshot.index();
    for (LogEntry e : all) {
      if (e.index() > snapIndex) {
        entries.add(e);
      }
      noteTerm(e);
    }
    if (!entries.isEmpty() && entries.get(0).index() != snapIndex + 1) {
      throw new CorruptLogException(dir.resolve("log"), 0, "log starts at " + entries.get(0).index()
          + " but the snapshot ends at " + snapIndex);
    }
    if (snapshot != null && log.nextIndex() <= snapIndex) {
      log.reset(snapIndex + 1); // every entry is covered by the snapshot: continue after it
      termAt.clear();
      lastTermInLog = 0;
    }
    return new PersistedState(hard, snapshot, entries);
  }

  private void noteTerm(LogEntry e) {
    if (e.term() != lastTermInLog) {
      termAt.put(e.index(), e.term());
      lastTermInLog = e.term();
    }
  }

  private long termOf(long index) {
    if (index >= log.nextIndex()) {
      return -1;
    }
    var f = termAt.floorEntry(index);
    return f == null ? -1 : f.getValue();
  }

  @Override
  public void saveHardState(HardState state) {
    pendingHard = state;
  }

  @Override
  public void truncateFrom(long fromIndex) {
    if (fromIndex < log.nextIndex()) {
      awaitInFlight(); // the truncation cuts or deletes segments that the force may still use
    }
    log.truncateFrom(fromIndex);
    termAt.tailMap(fromIndex, true).clear();
    lastTermInLog = termAt.isEmpty() ? 0 : termAt.lastEntry().getValue();
  }

  @Override
  public void append(List<LogEntry> entries) {
    log.append(entries);
    for (LogEntry e : entries) {
      noteTerm(e);
    }
  }

  @Override
  public void installSnapshot(SnapshotImage s) {
    long t0 = System.nanoTime();
    try {
      writeSnapshot(s);
    } finally {
      long took = System.nanoTime() - t0;
      snapshots++; // single writer: the storage thread
      snapshotNanos += took;
      snapshotNanosMax = Math.max(snapshotNanosMax, took);
    }
  }

  /**
   * Snapshots installed or taken so far, their total and their longest duration in nanoseconds
   * (on the storage thread: the wait for the force in flight, the sync of pending writes, the
   * snapshot file and the log compaction included), as {@code {count, totalNanos, maxNanos}}.
   */
  public long[] snapshotTimes() {
    return new long[] {snapshots, snapshotNanos, snapshotNanosMax};
  }

  private void writeSnapshot(SnapshotImage s) {
    sync();
    if (snapshot != null && s.index() <= snapshot.index()) {
      return;
    }
    try {
      FileSync.replace(dir.resolve("snapshots").resolve("snapshot"), encodeSnapshot(s), fsync == FsyncPolicy.ALWAYS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot in " + dir, e);
    }
    boolean matches = termOf(s.index()) == s.term();
    snapshot = s;
    if (matches) {
      log.compactUpTo(s.index());
      log.roll(); // the next snapshot can then delete everything written up to now
    } else {
      log.reset(s.index() + 1);
      termAt.clear();
      lastTermInLog = 0;
    }
  }

  @Override
  public void sync() {
    awaitInFlight();
    SyncPoint p = capture();
    p.force();
    p.rethrow();
  }

  /**
   * Captures what the next sync must make durable — the log segments written since the previous
   * point and the newest unsynced term/vote — and marks it in flight. The caller runs
   * {@link SyncPoint#force()} (on any thread, unless {@link SyncPoint#isEmpty()}) and then
   * calls {@link #endSync} on this storage's thread. Writes made after this call are not
   * covered.
   *
   * @throws IllegalStateException when the previous point has not been ended
   */
  public SyncPoint beginSync() {
    if (inFlight != null) {
      throw new IllegalStateException("a sync is already in flight");
    }
    SyncPoint p = capture();
    inFlight = p;
    return p;
  }

  /**
   * Ends the point in flight once its {@link SyncPoint#force()} returned: everything written
   * before {@link #beginSync()} is now durable.
   *
   * @throws java.io.UncheckedIOException when the force failed (the server must stop)
   * @throws IllegalStateException when {@code p} is not the point in flight or still runs
   */
  public void endSync(SyncPoint p) {
    if (p != inFlight || !p.isDone()) {
      throw new IllegalStateException("not the sync in flight, or not finished");
    }
    inFlight = null;
    p.rethrow();
  }

  /** Whether a {@link SyncPoint} was begun and not yet ended. */
  public boolean syncInFlight() {
    return inFlight != null;
  }

  /** Times a truncation, snapshot or {@link #sync()} had to wait for the force in flight. */
  public long syncWaits() {
    return syncWaits;
  }

  private void awaitInFlight() {
    SyncPoint p = inFlight;
    if (p == null) {
      return;
    }
    if (!p.isDone()) {
      syncWaits++;
      p.await();
    }
    p.rethrow(); // a failed force: stop rather than write on
  }

  private SyncPoint capture() {
    HardState h = pendingHard;
    pendingHard = null;
    return new SyncPoint(log.captureSync(), h == null ? null : encodeHard(h));
  }

  /**
   * What one sync makes durable, captured by {@link #beginSync()}: the log segments written
   * before it and the term/vote pending then. {@link #force()} runs once, on any thread.
   */
  public final class SyncPoint {
    private final SegmentedLog.PendingForce logForce;
    private final byte @Nullable [] hard;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile @Nullable RuntimeException failure;

    private SyncPoint(SegmentedLog.PendingForce logForce, byte @Nullable [] hard) {
      this.logForce = logForce;
      this.hard = hard;
    }

    /** Whether there is nothing to force (for instance with {@link FsyncPolicy#NEVER}). */
    public boolean isEmpty() {
      return logForce.isEmpty() && hard == null;
    }

    /**
     * Forces the captured log segments, then replaces the term/vote file durably. Blocks on
     * the disk; call once, on any thread. Never throws: a failure is kept and thrown by
     * {@link #endSync} on the storage's thread.
     */
    public void force() {
      long t0 = System.nanoTime();
      try {
        logForce.force();
        if (hard != null) {
          FileSync.replace(dir.resolve("hardstate"), hard, fsync == FsyncPolicy.ALWAYS);
        }
      } catch (IOException e) {
        failure = new UncheckedIOException("cannot write term and vote in " + dir, e);
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        syncNanos.addAndGet(System.nanoTime() - t0);
        done.countDown();
      }
    }

    /** Marks the point finished without forcing, with a failure (the sync thread could not run it). */
    public void abandon(RuntimeException why) {
      failure = why;
      done.countDown();
    }

    /** Whether {@link #force()} has returned. */
    public boolean isDone() {
      return done.getCount() == 0;
    }

    private void await() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the raft log fsync", e);
      }
    }

    private void rethrow() {
      RuntimeException f = failure;
      if (f != null) {
        throw f;
      }
    }
  }

  /** Time spent forcing so far (any thread), in nanoseconds (diagnostics). */
  public long syncNanos() {
    return syncNanos.get();
  }

  /** Number of log fsyncs so far (group commit makes this much smaller than the entry count). */
  public long fsyncCount() {
    return log.forceCount();
  }

  /** Bytes of log on disk. */
  public long logSizeBytes() {
    return log.sizeBytes();
  }

  /** Releases files. A force in flight must have returned (the driver stops its sync thread first). */
  @Override
  public void close() {
    log.close();
  }

  // ---------------------------------------------------------------- encodings

  private static byte[] encodeHard(HardState h) {
    byte[] vote = h.votedFor() == null ? new byte[0] : h.votedFor().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + vote.length + 4);
    b.putInt(HARD_MAGIC).putLong(h.term()).putInt(h.votedFor() == null ? -1 : vote.length).put(vote);
    b.putInt(crc(b.array(), 0, b.position()));
    return b.array();
  }

  private HardState readHardState() {
    Path p = dir.resolve("hardstate");
    if (!Files.exists(p)) {
      return HardState.INITIAL;
    }
    try {
      byte[] bytes = Files.readAllBytes(p);
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (bytes.length < 20 || b.getInt() != HARD_MAGIC) {
        throw new CorruptLogException(p, 0, "not a term/vote file");
      }
      long term = b.getLong();
      int n = b.getInt();
      if (n < -1 || n > bytes.length - 20) {
        throw new CorruptLogException(p, 12, "bad vote length");
      }
      String vote = n < 0 ? null : new String(bytes, 16, n, StandardCharsets.UTF_8);
      b.position(16 + Math.max(n, 0));
      if (b.getInt() != crc(bytes, 0, 16 + Math.max(n, 0))) {
        throw new CorruptLogException(p, 0, "checksum mismatch");
      }
      return new HardState(term, vote);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encodeSnapshot(SnapshotImage s) {
    byte[] members = s.membership().encode();
    ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 4 + members.length + 4 + s.data().length + 4);
    b.putInt(SNAP_MAGIC).putLong(s.index()).putLong(s.term()).putInt(members.length).put(members)
        .putInt(s.data().length).put(s.data());
    b.putInt(crc(b.array(), 0, b.position()));
    return b.array();
  }

  private @Nullable SnapshotImage readSnapshot() {
    Path p = dir.resolve("snapshots").resolve("snapshot");
    try (Stream<Path> leftovers = Files.list(dir.resolve("snapshots"))) {
      for (Path t : leftovers.filter(x -> x.toString().endsWith(".tmp")).sorted(Comparator.naturalOrder()).toList()) {
        Files.deleteIfExists(t); // an interrupted replace: the old file is still whole
      }
      if (!Files.exists(p)) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(p);
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (bytes.length < 32 || b.getInt() != SNAP_MAGIC) {
        throw new CorruptLogException(p, 0, "not a snapshot file");
      }
      if (b.getInt(bytes.length - 4) != crc(bytes, 0, bytes.length - 4)) {
        throw new CorruptLogException(p, 0, "snapshot checksum mismatch");
      }
      long index = b.getLong();
      long term = b.getLong();
      byte[] members = new byte[b.getInt()];
      b.get(members);
      byte[] data = new byte[b.getInt()];
      b.get(data);
      return new SnapshotImage(index, term, Membership.decode(members), data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (e instanceof CorruptLogException c) {
        throw c;
      }
      throw new CorruptLogException(p, 0, "malformed snapshot: " + e.getMessage());
    }
  }

  private static int crc(byte[] a, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(a, off, len);
    return (int) c.getValue();
  }
}
