package io.dsync.jms.wal;

import java.nio.file.Path;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A {@link WalStore} on a Chronicle Queue folder. Chronicle's builder lives in an internal
 * package and its appenders are single-writer: only the group-commit thread writes here.
 */
public final class ChronicleWalStore implements WalStore {
  private final ChronicleQueue queue;
  private ExcerptAppender appender;

  /** Opens (or creates) the queue in a folder. */
  public ChronicleWalStore(Path dir, FsyncPolicy policy) {
    this.queue = ChronicleQueue.singleBuilder(dir)
        .syncMode(policy == FsyncPolicy.ALWAYS ? SyncMode.SYNC : SyncMode.NONE)
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
  }

  @Override
  public void sync() {
    if (appender != null) {
      appender.sync();
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
    if (appender != null) {
      appender.close();
    }
    queue.close();
  }
}
