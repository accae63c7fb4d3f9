package io.dsync.raft;

import io.dsync.raft.core.RaftStatus;
import io.dsync.cluster.NodeId;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /raft}: the default group's role, term, leader, commit and applied index, log
 * size, snapshot index, members and (on the leader) each follower's match index, plus every
 * group under {@code groups}; {@code GET /raft/{group}} for one group. Operations, on the
 * leader (409 with the leader's id elsewhere): {@code POST /raft/{group}/transfer/{node}}
 * hands leadership over, {@code POST|DELETE /raft/{group}/members/{node}} adds or removes a
 * voting member (one change at a time; the node must be a configured peer to be reachable).
 * Thread-safe singleton.
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

  /** Starts a leader transfer; 202 when started. */
  @POST
  @Path("{group}/transfer/{node}")
  public Response transfer(@PathParam("group") String group, @PathParam("node") String node) {
    await(node(group).transferLeadership(id(node)));
    return Response.accepted(Map.of("group", group, "transferringTo", node)).build();
  }

  /** Adds a voting member; 200 once the change is committed. */
  @POST
  @Path("{group}/members/{node}")
  public Map<String, Object> addMember(@PathParam("group") String group, @PathParam("node") String node) {
    await(node(group).addMember(id(node)));
    return describe(service, group);
  }

  /** Removes a voting member; 200 once the change is committed. */
  @DELETE
  @Path("{group}/members/{node}")
  public Map<String, Object> removeMember(@PathParam("group") String group, @PathParam("node") String node) {
    await(node(group).removeMember(id(node)));
    return describe(service, group);
  }

  private RaftNode node(String group) {
    return service.group(group).orElseThrow(() -> new NotFoundException("no raft group '" + group + "' on this node"));
  }

  private static NodeId id(String node) {
    try {
      return NodeId.of(node);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private static void await(CompletableFuture<Void> f) {
    try {
      f.get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RaftException re) {
        String hint = re.leaderHint() == null ? "" : " (leader: " + re.leaderHint() + ")";
        int status = re.kind() == RaftException.Kind.STOPPED ? 503 : 409;
        throw new WebApplicationException(re.kind().name().toLowerCase(java.util.Locale.ROOT) + ": "
            + re.getMessage() + hint, status);
      }
      throw new WebApplicationException(String.valueOf(c), 500);
    } catch (TimeoutException e) {
      throw new WebApplicationException("not committed within 15 s; the change may still take effect", 504);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebApplicationException("interrupted", 503);
    }
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
