package io.dsync.raft.core;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of one server for monitoring ({@code GET /raft}).
 *
 * @param id this server's id
 * @param role its role
 * @param term its current term
 * @param leader the leader it believes in, or null
 * @param commitIndex its commit index
 * @param lastIndex its last log index
 * @param snapshotIndex the index its newest snapshot covers
 * @param membership the configuration in effect
 * @param matchIndex on a leader: each follower's match index; otherwise empty
 */
public record RaftStatus(
    String id,
    Role role,
    long term,
    @Nullable String leader,
    long commitIndex,
    long lastIndex,
    long snapshotIndex,
    Membership membership,
    Map<String, Long> matchIndex) {
  /** Copies the map. */
  public RaftStatus {
    matchIndex = Map.copyOf(matchIndex);
  }
}
