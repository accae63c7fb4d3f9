package io.dsync.jms.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A {@link WalStore} in memory, for tests of recovery logic. Thread-safe. */
public final class MemoryWalStore implements WalStore {
  private final List<byte[]> records = new ArrayList<>();

  @Override
  public synchronized void write(byte[] record) {
    records.add(record.clone());
  }

  @Override
  public void sync() {}

  @Override
  public synchronized void readAll(Consumer<byte[]> sink) {
    for (byte[] r : new ArrayList<>(records)) {
      sink.accept(r);
    }
  }

  /** Number of records written. */
  public synchronized int size() {
    return records.size();
  }

  @Override
  public void close() {}
}
