package io.dsync.raft.core;

/** One single-server configuration change (thesis §4.1). */
public enum MembershipChange {
  /** Add a voter, or promote a learner to voter. */
  ADD_VOTER,
  /** Add a non-voting learner, which receives the log but neither votes nor counts (§4.2.1). */
  ADD_LEARNER,
  /** Remove a voter or a learner. */
  REMOVE
}
