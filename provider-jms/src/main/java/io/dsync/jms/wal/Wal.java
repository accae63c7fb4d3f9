package io.dsync.jms.wal;

import io.dsync.jms.broker.LogRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The broker's write-ahead log. Thread-safe; {@link #append} never blocks. */
public interface Wal extends AutoCloseable {

  /**
   * Queues a record after every record queued before it. The future completes when the record
   * is written (memory-mapped: survives a process crash) and, when {@code sync} is true and the
   * fsync policy asks for it, forced to disk; it fails if the log is closed or broken.
   */
  CompletableFuture<Void> append(LogRecord record, boolean sync);

  /**
   * Queues a rewrite after every record queued before it: the log is replaced by {@code live} —
   * the state that those records produced — made durable before it replaces the old one, and
   * records queued later follow it. The future fails when the rewrite failed (the old log then
   * stays and is appended to) or this log cannot be rewritten.
   */
  CompletableFuture<Void> rewrite(List<LogRecord> live);

  /** Reads every record from the start, in order (call before the first append). */
  void replay(Consumer<LogRecord> sink);

  /** Flushes what is queued and closes. */
  @Override
  void close();

  /** A log that keeps nothing (in-memory brokers). */
  static Wal none() {
    return new Wal() {
      @Override
      public CompletableFuture<Void> append(LogRecord record, boolean sync) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<Void> rewrite(List<LogRecord> live) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void replay(Consumer<LogRecord> sink) {}

      @Override
      public void close() {}
    };
  }
}
