package io.dsync.lock.core;

/** One owner's hold on one resource: counts per mode and the fence of the grant. Mutable, table-private. */
final class Hold {
  int exclusive;
  int shared;
  final long fence;

  Hold(long fence) {
    this.fence = fence;
  }

  Hold(int exclusive, int shared, long fence) {
    this.exclusive = exclusive;
    this.shared = shared;
    this.fence = fence;
  }

  int count(LockMode mode) {
    return mode == LockMode.EXCLUSIVE ? exclusive : shared;
  }

  void add(LockMode mode, int delta) {
    if (mode == LockMode.EXCLUSIVE) {
      exclusive += delta;
    } else {
      shared += delta;
    }
  }

  boolean isEmpty() {
    return exclusive == 0 && shared == 0;
  }

  LockMode strongest() {
    return exclusive > 0 ? LockMode.EXCLUSIVE : LockMode.SHARED;
  }
}
