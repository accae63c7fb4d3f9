package io.dsync.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable snapshot of the cluster's members and their liveness, in id order, this node
 * included. Thread-safe.
 *
 * @param self this node's id
 * @param members every configured member, this node included, sorted by id
 */
public record MembershipView(NodeId self, List<Member> members) {
  public MembershipView {
    Objects.requireNonNull(self, "self");
    members = List.copyOf(members);
  }

  /** The member with this id, if configured. */
  public Optional<Member> member(NodeId id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /** Whether {@code id} is a member believed alive. */
  public boolean isAlive(NodeId id) {
    return member(id).map(Member::alive).orElse(false);
  }

  /** The ids of the members believed alive (this node included), sorted. */
  public Set<NodeId> aliveIds() {
    TreeSet<NodeId> ids = new TreeSet<>();
    members.stream().filter(Member::alive).forEach(m -> ids.add(m.id()));
    return ids;
  }

  /** The ids of every member, sorted. */
  public Set<NodeId> ids() {
    TreeSet<NodeId> ids = new TreeSet<>();
    members.forEach(m -> ids.add(m.id()));
    return ids;
  }
}
