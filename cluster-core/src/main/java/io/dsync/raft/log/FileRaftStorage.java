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
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Raft storage in a folder: {@code log/} (a {@link SegmentedLog}), {@code hardstate} (term and
 * vote, replaced atomically) and {@code snapshots/} (the newest snapshot, replaced atomically).
 *
 * <p>Group commit: {@link #append} and {@link #saveHardState} only write; {@link #sync()}
 * forces them all at once. Term and vote are written and forced in the same sync, before the
 * driver sends any message that depends on them. Not thread-safe (the Raft driver thread).
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
  private long syncNanos;
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
    long t0 = System.nanoTime();
    try {
      syncDurable();
    } finally {
      syncNanos += System.nanoTime() - t0;
    }
  }

  private void syncDurable() {
    log.sync();
    HardState h = pendingHard;
    if (h != null) {
      try {
        FileSync.replace(dir.resolve("hardstate"), encodeHard(h), fsync == FsyncPolicy.ALWAYS);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write term and vote in " + dir, e);
      }
      pendingHard = null;
    }
  }

  /** Time spent in {@link #sync()} so far, in nanoseconds (diagnostics). */
  public long syncNanos() {
    return syncNanos;
  }

  /** Number of log fsyncs so far (group commit makes this much smaller than the entry count). */
  public long fsyncCount() {
    return log.forceCount();
  }

  /** Bytes of log on disk. */
  public long logSizeBytes() {
    return log.sizeBytes();
  }

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
