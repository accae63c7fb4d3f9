package io.dsync.lock.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Holders (in grant order) and the FIFO wait queue of one resource. Mutable, table-private. */
final class ResourceState {
  final String name;
  final LinkedHashMap<Owner, Hold> holders = new LinkedHashMap<>();
  final LinkedHashMap<Owner, Waiter> queue = new LinkedHashMap<>();
  long lastFence;

  ResourceState(String name) {
    this.name = name;
  }

  boolean isIdle() {
    return holders.isEmpty() && queue.isEmpty();
  }

  /** True if {@code owner} could hold {@code mode} next to the current holders (ignoring the queue). */
  boolean compatibleWithHolders(Owner owner, LockMode mode) {
    for (var e : holders.entrySet()) {
      if (!e.getKey().equals(owner) && !e.getValue().strongest().compatibleWith(mode)) {
        return false;
      }
    }
    return true;
  }

  /** The mode the resource is held in, or null if free. */
  LockMode heldMode() {
    LockMode mode = null;
    for (Hold h : holders.values()) {
      if (h.exclusive > 0) {
        return LockMode.EXCLUSIVE;
      }
      mode = LockMode.SHARED;
    }
    return mode;
  }

  /** 1-based position of the owner in the queue, or 0. */
  int position(Owner owner) {
    int i = 1;
    for (Owner o : queue.keySet()) {
      if (o.equals(owner)) {
        return i;
      }
      i++;
    }
    return 0;
  }

  /**
   * The owners that {@code owner}, waiting (or about to wait) for {@code mode}, waits on: every
   * other holder whose hold is incompatible, and every request queued ahead of it whose mode is
   * incompatible (FIFO: it cannot be granted before them). Compatible requests ahead need no edge:
   * they wait on a subset of the same owners.
   */
  List<Owner> blockersOf(Owner owner, LockMode mode) {
    List<Owner> out = new ArrayList<>();
    for (var e : holders.entrySet()) {
      if (!e.getKey().equals(owner) && !e.getValue().strongest().compatibleWith(mode)) {
        out.add(e.getKey());
      }
    }
    for (Waiter w : queue.values()) {
      if (w.owner().equals(owner)) {
        break;
      }
      if (!w.mode().compatibleWith(mode)) {
        out.add(w.owner());
      }
    }
    return out;
  }
}
