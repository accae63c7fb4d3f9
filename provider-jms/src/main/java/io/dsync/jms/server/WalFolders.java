package io.dsync.jms.server;

import io.dsync.jms.broker.LogRecord;
import io.dsync.jms.wal.ChronicleWalStore;
import io.dsync.jms.wal.FsyncPolicy;
import io.dsync.jms.wal.LogRecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The broker's WAL folders and their compaction at start. The live log is {@code wal}; a
 * compaction writes the live state to {@code wal-next}, syncs it, creates the marker {@code
 * wal-next.done}, then swaps the folders. A crash at any point leaves either the old log (marker
 * absent: the half-written {@code wal-next} is deleted) or a complete new one (marker present:
 * the swap is finished at the next start).
 */
final class WalFolders {
  private final Path dir;

  WalFolders(Path dir) {
    this.dir = dir;
  }

  Path live() {
    return dir.resolve("wal");
  }

  private Path next() {
    return dir.resolve("wal-next");
  }

  private Path old() {
    return dir.resolve("wal-old");
  }

  private Path marker() {
    return dir.resolve("wal-next.done");
  }

  /** Finishes or undoes a compaction that a crash interrupted. */
  void settle() {
    try {
      if (Files.exists(marker())) {
        if (Files.exists(next())) {
          if (Files.exists(live())) {
            deleteTree(old());
            Files.move(live(), old(), StandardCopyOption.ATOMIC_MOVE);
          }
          Files.move(next(), live(), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.delete(marker());
      } else {
        deleteTree(next());
        if (!Files.exists(live()) && Files.exists(old())) {
          Files.move(old(), live(), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      deleteTree(old());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot settle the WAL folders in " + dir, e);
    }
  }

  /** Writes the live records as the new log and swaps it in (the live log must be closed). */
  void compact(List<LogRecord> records) {
    deleteTree(next());
    try (ChronicleWalStore store = ChronicleWalStore.writeOnce(next())) {
      for (LogRecord r : records) {
        store.write(LogRecordCodec.encode(r));
      }
      store.sync();
    }
    try {
      Files.createFile(marker());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark the compacted WAL in " + dir, e);
    }
    settle();
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
