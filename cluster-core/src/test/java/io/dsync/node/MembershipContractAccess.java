package io.dsync.node;

import io.dsync.cluster.MembershipContract;
import io.dsync.cluster.NodeId;
import java.util.List;

/** Opens the contract's protected harness type to this package's helpers. */
abstract class MembershipContractAccess extends MembershipContract {
  /** The contract's harness. */
  interface Harness extends MembershipContract.Harness {}

  static List<NodeId> ids() {
    return IDS;
  }
}
