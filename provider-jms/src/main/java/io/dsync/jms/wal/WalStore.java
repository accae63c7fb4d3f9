package io.dsync.jms.wal;

import java.util.function.Consumer;

/** Raw byte records in order: the part of the WAL a storage engine provides. Single writer. */
public interface WalStore extends AutoCloseable {
  /** Appends one record (visible to a later {@link #readAll}; survives a process crash). */
  void write(byte[] record);

  /** Forces everything written so far to disk. */
  void sync();

  /** Reads every record from the start. */
  void readAll(Consumer<byte[]> sink);

  @Override
  void close();
}
