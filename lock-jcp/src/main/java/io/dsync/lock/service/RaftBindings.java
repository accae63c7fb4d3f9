package io.dsync.lock.service;

import io.dsync.raft.RaftService;

/** The ways of binding the lock state machine to Raft. */
final class RaftBindings {
  /** The name of the lock table's Raft group (the same on every member). */
  static final String GROUP = "locks";

  private RaftBindings() {}

  /** Opens the {@value #GROUP} group of the node's {@link RaftService} with the lock state machine. */
  static RaftBinding nodeRaft() {
    return (context, machine) -> {
      RaftService raft = context.service(RaftService.class).orElseThrow(() -> new IllegalStateException(
          "the locks service needs the raft service (io.dsync.raft.RaftService), which is not running on this node"));
      return new RaftNodeLockLog(raft.open(GROUP, machine));
    };
  }
}
