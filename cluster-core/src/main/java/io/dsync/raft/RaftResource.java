package io.dsync.raft;

import io.dsync.raft.core.RaftStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /raft}: the default group's role, term, leader, commit and applied index, log
 * size, snapshot index, members and (on the leader) each follower's match index, plus every
 * group under {@code groups}; {@code GET /raft/{group}} for one group. Thread-safe singleton.
 */
@Path("/raft")
@Produces(MediaType.APPLICATION_JSON)
public final class RaftResource {
  private final RaftService service;

  RaftResource(RaftService service) {
    this.service = service;
  }

  /** Every group, the default one also at the top level. */
  @GET
  public Map<String, Object> all() {
    Map<String, Object> out = new LinkedHashMap<>(describe(service, RaftService.DEFAULT_GROUP));
    Map<String, Object> groups = new LinkedHashMap<>();
    for (String g : service.groupNames()) {
      groups.put(g, describe(service, g));
    }
    out.put("groups", groups);
    return out;
  }

  /** One group; 404 when it is not open here. */
  @GET
  @Path("{group}")
  public Map<String, Object> one(@PathParam("group") String group) {
    if (service.group(group).isEmpty()) {
      throw new NotFoundException("no raft group '" + group + "' on this node");
    }
    return describe(service, group);
  }

  static Map<String, Object> describe(RaftService service, String group) {
    Map<String, Object> out = new LinkedHashMap<>();
    RaftNode n = service.group(group).orElse(null);
    if (n == null) {
      return out;
    }
    RaftStatus s = n.status();
    out.put("group", group);
    out.put("id", s.id());
    out.put("role", s.role().name().toLowerCase(java.util.Locale.ROOT));
    out.put("term", s.term());
    out.put("leader", s.leader());
    out.put("commitIndex", s.commitIndex());
    out.put("appliedIndex", n.appliedIndex());
    out.put("lastIndex", s.lastIndex());
    out.put("snapshotIndex", s.snapshotIndex());
    out.put("logSizeBytes", n.logSizeBytes());
    out.put("members", s.membership().voters());
    out.put("matchIndex", s.matchIndex());
    return out;
  }
}
