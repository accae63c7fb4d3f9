package io.dsync.lock.service;

import io.dsync.spi.ServiceContext;

/**
 * Registers the lock state machine with the node's Raft service and returns the log to submit
 * to. Separated so that {@link LockService} can be tested without a Raft cluster.
 */
@FunctionalInterface
public interface RaftBinding {

  /**
   * Registers {@code machine} as the state machine of the lock table's Raft group on this node.
   *
   * @throws Exception if Raft is missing or refuses the registration (the node then fails to start)
   */
  LockLog bind(ServiceContext context, LockStateMachine machine) throws Exception;
}
