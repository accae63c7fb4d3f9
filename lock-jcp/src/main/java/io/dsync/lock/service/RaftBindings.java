package io.dsync.lock.service;

/** The ways of binding the lock state machine to Raft. */
final class RaftBindings {
  private RaftBindings() {}

  /**
   * The node's Raft service. Until cluster-core's Raft service offers registration of a state
   * machine, starting refuses with a clear message.
   */
  static RaftBinding nodeRaft() {
    return (context, machine) -> {
      throw new IllegalStateException("the locks service needs the node's Raft service to register its state "
          + "machine; this cluster-core build does not offer it yet");
    };
  }
}
