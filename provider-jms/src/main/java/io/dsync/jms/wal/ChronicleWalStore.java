package io.dsync.jms.wal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WalStore} on a Chronicle Queue folder. Chronicle's builder lives in an internal
 * package and its appenders are single-writer: only the group-commit thread writes here.
 *
 * <p>What {@link #sync} makes durable ({@link SyncMethod#FDATASYNC}, the default): Chronicle
 * writes records into memory-mapped pages of its current cycle file; the sync is
 * {@code FileChannel.force(false)} (fdatasync) of that whole file, which writes back every dirty
 * page of it — the records, Chronicle's index pages and its header — so nothing written before
 * the sync depends on a later one. When the appender moved to a new cycle file since the last
 * sync, the previous file is forced first, then the new one, the folder (the new file's entry)
 * and Chronicle's {@code metadata.cq4t}. {@link SyncMethod#CHRONICLE_MSYNC} is Chronicle's own
 * {@code appender.sync()} ({@code SyncMode.SYNC}): msync(MS_SYNC) of the page-aligned range of the
 * current mapped chunk written since its last sync — the records only, not the index or header
 * pages (Chronicle finds the end by scanning after a crash); kept for comparison.
 */
public final class ChronicleWalStore implements WalStore {
  /** How {@link #sync} forces the log to disk. */
  public enum SyncMethod {
    /** fdatasync of the current cycle file (and the folder when a file was added). */
    FDATASYNC,
    /** Chronicle's {@code appender.sync()}: msync of the range written since the last sync. */
    CHRONICLE_MSYNC
  }

  private static final Logger LOG = LoggerFactory.getLogger(ChronicleWalStore.class);
  private static final long PAGE = 4096;
  /** Benchmark knob: {@code -Ddsync.jms.wal.madvise=false} leaves Chronicle's mappings as they are. */
  private static final boolean ADVISE_RANDOM = !"false".equals(System.getProperty("dsync.jms.wal.madvise"));
  /**
   * How far past the last record the pages of the mapping are kept touched; 0 never touches
   * (benchmark knob {@code -Ddsync.jms.wal.touchAhead=<bytes>}).
   */
  static final long TOUCH_AHEAD = Long.getLong("dsync.jms.wal.touchAhead", 16L << 20);

  private final Path dir;
  private final ChronicleQueue queue;
  private final SyncMethod method;
  private final long touchAhead;
  private ExcerptAppender appender;
  private BytesStore<?, ?> advised;
  private boolean adviceFailed;
  private File touchedFile;
  private long touchedUpTo;
  private File syncedFile;
  private FileChannel syncedChannel;

  /** Opens (or creates) the queue in a folder; syncs (with ALWAYS) by fdatasync. */
  public ChronicleWalStore(Path dir, FsyncPolicy policy) {
    this(dir, policy, SyncMethod.FDATASYNC);
  }

  /** Opens (or creates) the queue in a folder with a chosen sync method. */
  public ChronicleWalStore(Path dir, FsyncPolicy policy, SyncMethod method) {
    this(dir, policy, method, TOUCH_AHEAD);
  }

  /**
   * A store written once and closed (a compacted log): no pages are touched ahead, which would
   * cost one page fault per 4 KiB of the {@link #TOUCH_AHEAD} for a file that grows no further.
   */
  public static ChronicleWalStore writeOnce(Path dir) {
    return new ChronicleWalStore(dir, FsyncPolicy.ALWAYS, SyncMethod.FDATASYNC, 0);
  }

  private ChronicleWalStore(Path dir, FsyncPolicy policy, SyncMethod method, long touchAhead) {
    this.dir = dir;
    this.method = method;
    this.touchAhead = touchAhead;
    boolean msync = policy == FsyncPolicy.ALWAYS && method == SyncMethod.CHRONICLE_MSYNC;
    this.queue = ChronicleQueue.singleBuilder(dir)
        .syncMode(msync ? SyncMode.SYNC : SyncMode.NONE)
        .build();
  }

  @Override
  public void write(byte[] record) {
    if (appender == null) {
      appender = queue.createAppender();
    }
    try (DocumentContext dc = appender.writingDocument()) {
      dc.wire().bytes().write(record);
    }
    adviseRandomAccess();
  }

  /**
   * Tells the kernel not to read ahead in the memory-mapped chunk the appender writes to
   * ({@code madvise(MADV_RANDOM)}), once per chunk. Read-ahead on the page faults of a sequential
   * writer makes the page cache hand out ever larger folios (here up to megabytes), and a write
   * of one record then dirties a whole folio, which the next sync writes back entirely: on this
   * project's machines a sync of one 1.1 KiB record grew from ≈ 100 µs to 300–400 µs once the
   * file passed ≈ 35 MB, while with the advice it stays at ≈ 100 µs (provider-jms/docs/jms.md,
   * "Where a persistent send's time goes"). The WAL is never read through this mapping while
   * the broker runs (replay reads it before the first write), so nothing is lost by it.
   */
  private void adviseRandomAccess() {
    if (!ADVISE_RANDOM || adviceFailed) {
      return;
    }
    BytesStore<?, ?> mapped = appender.wire().bytes().bytesStore();
    if (mapped == advised || mapped == null || !mapped.isDirectMemory()) {
      return;
    }
    advised = mapped;
    try {
      long start = mapped.start();
      long address = mapped.addressForRead(start);
      long length = mapped.realCapacity() - start;
      long aligned = address & -PAGE;
      int rc = PosixAPI.posix().madvise(aligned, (length + address - aligned) & -PAGE, MAdviseFlag.MADV_RANDOM);
      if (rc != 0) {
        adviceFailed = true;
        LOG.warn("madvise(MADV_RANDOM) of the WAL's mapping failed ({}); syncs may grow slower as the file grows", rc);
      }
    } catch (RuntimeException | LinkageError e) {
      adviceFailed = true;
      LOG.warn("cannot madvise the WAL's mapping ({}); syncs may grow slower as the file grows", e.toString());
    }
  }

  @Override
  public void sync() {
    if (appender == null) {
      return;
    }
    if (method == SyncMethod.CHRONICLE_MSYNC) {
      appender.sync();
      return;
    }
    try {
      File current = appender.currentFile();
      if (current == null) {
        throw new IllegalStateException("Chronicle reports no current file to sync");
      }
      if (!current.equals(syncedFile)) {
        if (syncedChannel != null) {
          syncedChannel.force(false);
          syncedChannel.close();
        }
        syncedChannel = FileChannel.open(current.toPath(), StandardOpenOption.WRITE);
        syncedFile = current;
        syncedChannel.force(false);
        forceIfPresent(dir.resolve("metadata.cq4t"), StandardOpenOption.WRITE);
        forceFolder();
      } else {
        syncedChannel.force(false);
      }
      touchAhead(current);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the WAL in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * After a sync, keeps the pages past the last record touched: a compare-and-swap of 0 with 0
   * through Chronicle's own mapping (so a byte that is not zero is never changed, and the file's
   * content is the same) makes the file system allocate those pages' blocks together, a quarter
   * of {@link #TOUCH_AHEAD} at a time, in one later sync, instead of a block or two in the sync
   * of nearly every round. Measured in plain loops over this store with the read-ahead advice
   * on: one record per sync, mean 91–110 µs touched against 121–130 µs untouched; eight records
   * per sync, 143–144 µs against 185–213 µs (provider-jms/docs/jms.md). Only the chunk the
   * appender is in is touched; the next one when the appender gets there. Runs on the thread
   * that holds the store (the only one that writes it), right after the sync.
   */
  private void touchAhead(File current) {
    if (touchAhead <= 0) {
      return;
    }
    if (!current.equals(touchedFile)) {
      touchedFile = current;
      touchedUpTo = 0;
    }
    Bytes<?> bytes = appender.wire().bytes();
    long end = bytes.writePosition();
    if (touchedUpTo >= end + touchAhead - touchAhead / 4) {
      return;
    }
    BytesStore<?, ?> mapped = bytes.bytesStore();
    long page = Math.max(touchedUpTo, (end + PAGE) & -PAGE);
    // a quarter at a time, also right after opening: a new or reopened file would otherwise pay
    // every page of the whole distance in its first sync
    long stop = Math.min(end + touchAhead, page + touchAhead / 4);
    for (; page < stop && mapped.inside(page, 8); page += PAGE) {
      mapped.compareAndSwapLong(page, 0, 0);
    }
    touchedUpTo = page;
  }

  private void forceFolder() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some platforms cannot open or force a folder; Linux can, and there it is done
    }
  }

  private static void forceIfPresent(Path path, StandardOpenOption mode) throws IOException {
    if (Files.exists(path)) {
      try (FileChannel ch = FileChannel.open(path, mode)) {
        ch.force(true);
      }
    }
  }

  @Override
  public void readAll(Consumer<byte[]> sink) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      tailer.toStart();
      Bytes<?> buf = Bytes.allocateElasticOnHeap(1024);
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            break;
          }
          Bytes<?> b = dc.wire().bytes();
          byte[] out = new byte[(int) b.readRemaining()];
          b.read(out);
          sink.accept(out);
        }
      }
      buf.releaseLast();
    }
  }

  @Override
  public void close() {
    if (syncedChannel != null) {
      try {
        syncedChannel.close();
      } catch (IOException e) {
        // nothing left to sync through it
      }
    }
    if (appender != null) {
      appender.close();
    }
    queue.close();
  }
}
