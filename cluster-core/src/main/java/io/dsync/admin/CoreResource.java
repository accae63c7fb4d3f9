package io.dsync.admin;

import io.dsync.cluster.Member;
import io.dsync.cluster.MembershipView;
import io.dsync.cluster.NodeId;
import io.dsync.ring.HashRing;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /status}, {@code GET /health}, {@code GET /cluster}, {@code GET
 * /cluster/owners/{key}}. A thread-safe singleton.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class CoreResource {
  private final NodeStatusSource node;
  private final AdminExtensions extensions;

  CoreResource(NodeStatusSource node, AdminExtensions extensions) {
    this.node = node;
    this.extensions = extensions;
  }

  /** An index of the core endpoints. */
  @GET
  public Map<String, Object> index() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", node.membership().self().value());
    out.put("endpoints", List.of("/status", "/health", "/cluster", "/cluster/owners/{key}?n=",
        "/metrics", "/metrics/prometheus", "/openapi.yaml"));
    return out;
  }

  /** The node's id, role, version, uptime, and every peer's liveness. */
  @GET
  @Path("status")
  public Map<String, Object> status() {
    MembershipView view = node.membership();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", view.self().value());
    out.put("role", extensions.role().get());
    out.put("version", node.version());
    out.put("startedAt", Instant.ofEpochMilli(node.startedAtMillis()).toString());
    out.put("uptimeMillis", Math.max(0, System.currentTimeMillis() - node.startedAtMillis()));
    out.put("running", node.running());
    out.put("address", node.addresses().get(view.self().value()));
    List<Map<String, Object>> peers = new ArrayList<>();
    for (Member member : view.members()) {
      if (!member.local()) {
        peers.add(memberJson(member));
      }
    }
    out.put("peers", peers);
    out.put("alive", view.aliveIds().stream().map(NodeId::value).toList());
    for (Map.Entry<String, Supplier<?>> section : extensions.statusSections().entrySet()) {
      out.put(section.getKey(), section.getValue().get());
    }
    return out;
  }

  /** 200 when the node runs and every service's health check passes, else 503. */
  @GET
  @Path("health")
  public Response health() {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean up = node.running();
    checks.put("node", up ? "UP" : "DOWN");
    for (Map.Entry<String, BooleanSupplier> check : extensions.healthChecks().entrySet()) {
      boolean ok;
      try {
        ok = check.getValue().getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      checks.put(check.getKey(), ok ? "UP" : "DOWN");
      up &= ok;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("nodeId", node.membership().self().value());
    body.put("checks", checks);
    return Response.status(up ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  /** Members with liveness and addresses, and a summary of the hash ring. */
  @GET
  @Path("cluster")
  public Map<String, Object> cluster() {
    MembershipView view = node.membership();
    HashRing ring = node.ring();
    Map<String, String> addresses = node.addresses();
    List<Map<String, Object>> members = new ArrayList<>();
    for (Member member : view.members()) {
      Map<String, Object> m = memberJson(member);
      m.put("address", addresses.get(member.id().value()));
      members.add(m);
    }
    Map<String, Object> ringJson = new LinkedHashMap<>();
    ringJson.put("members", ring.members().stream().map(NodeId::value).toList());
    ringJson.put("virtualNodes", ring.virtualNodes());
    ringJson.put("tokens", ring.tokenCount());
    Map<String, Double> shares = new LinkedHashMap<>();
    ring.ownership().forEach((id, share) -> shares.put(id.value(), Math.round(share * 1e6) / 1e6));
    ringJson.put("ownership", shares);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("self", view.self().value());
    out.put("members", members);
    out.put("ring", ringJson);
    return out;
  }

  /** Where a key lives: its home and the next {@code n} distinct members (replicas). */
  @GET
  @Path("cluster/owners/{key}")
  public Map<String, Object> owners(@PathParam("key") String key,
      @QueryParam("n") @DefaultValue("1") String n) {
    HashRing ring = node.ring();
    int count;
    try {
      count = Integer.parseInt(n);
    } catch (NumberFormatException e) {
      throw new BadRequestException("query parameter n must be a whole number: '" + n + "'");
    }
    if (count < 1 || count > ring.members().size()) {
      throw new BadRequestException("query parameter n must be 1.." + ring.members().size() + ": " + count);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("hash", HashRing.hashOf(key));
    out.put("owners", ring.preferenceList(key, count).stream().map(NodeId::value).toList());
    return out;
  }

  private static Map<String, Object> memberJson(Member member) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", member.id().value());
    m.put("alive", member.alive());
    m.put("liveness", member.liveness().name().toLowerCase(java.util.Locale.ROOT));
    m.put("since", Instant.ofEpochMilli(member.sinceMillis()).toString());
    m.put("local", member.local());
    m.put("incarnation", member.incarnation());
    return m;
  }
}
