package io.dsync.raft;

import io.dsync.cluster.NodeId;
import io.dsync.raft.RaftWire.Envelope;
import io.dsync.raft.RaftWire.ForwardRequest;
import io.dsync.raft.core.Membership;
import io.dsync.raft.kv.KvStateMachine;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The node service {@code raft}: runs Raft groups on this node over its transport, each with
 * its own log under the node's data folder ({@code <data>/raft/<group>}), and serves
 * {@code GET /raft}. A group named {@value #DEFAULT_GROUP} with a {@link KvStateMachine} always
 * runs; other services open their own group in their {@code start} (declare
 * {@code dependsOn("raft")}):
 *
 * <pre>{@code
 * RaftService raft = context.service(RaftService.class).orElseThrow();
 * RaftNode locks = raft.open("locks", new LockStateMachine());
 * locks.submit(command).thenAccept(result -> ...);
 * }</pre>
 *
 * Every configured member of the node takes part in every group (founding members = the
 * node's static member list). Settings: see {@link RaftNodeOptions#fromSettings}. Thread-safe.
 */
public final class RaftService implements NodeService {
  /** The always-present key-value group. */
  public static final String DEFAULT_GROUP = "kv";

  /**
   * Open groups. Concurrent: the transport's threads look a group up for every message without
   * the service's lock — with {@code raft.ioThread} a group runs on such a thread, and
   * {@link #stop} waits for it.
   */
  private final Map<String, RaftNode> groups = new ConcurrentHashMap<>();
  private @Nullable ServiceContext context;
  private @Nullable RaftNodeOptions options;

  /** For {@link java.util.ServiceLoader}. */
  public RaftService() {}

  @Override
  public String name() {
    return "raft";
  }

  @Override
  public synchronized void start(ServiceContext ctx) {
    this.context = ctx;
    this.options = RaftNodeOptions.fromSettings(ctx.config().settings());
    RaftWire.register(ctx.messages());
    ctx.router().route(Envelope.class, (from, m, reply) -> {
      RaftNode n = node(m.group());
      if (n != null) {
        n.onMessage(from, m.message());
      }
    });
    ctx.router().route(ForwardRequest.class, (from, m, reply) -> {
      RaftNode n = node(m.group());
      if (n == null) {
        reply.fail("unknown_group", "no raft group '" + m.group() + "' on this node");
      } else {
        n.onForward(from, m, reply);
      }
    });
    open(DEFAULT_GROUP, new KvStateMachine());
    ctx.admin().register(new RaftResource(this));
    ctx.admin().addStatus("raft", () -> RaftResource.describe(this, DEFAULT_GROUP));
    ctx.admin().addHealthCheck("raft", () -> {
      return groups.values().stream().allMatch(RaftNode::isRunning);
    });
    ctx.admin().setRole(() -> {
      RaftNode kv = node(DEFAULT_GROUP);
      return kv == null ? "member" : kv.status().role().name().toLowerCase(java.util.Locale.ROOT);
    });
  }

  /**
   * Opens (or returns the already open) group {@code name} with {@code machine}. Every member
   * must open the same groups with equivalent machines.
   *
   * @throws IllegalStateException before {@link #start} or after {@link #stop}
   */
  public synchronized RaftNode open(String name, StateMachine machine) {
    RaftNode existing = groups.get(name);
    if (existing != null) {
      return existing;
    }
    ServiceContext ctx = context;
    RaftNodeOptions opts = options;
    if (ctx == null || opts == null) {
      throw new IllegalStateException("the raft service is not started");
    }
    if (!name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new IllegalArgumentException("raft group name must match [a-z0-9][a-z0-9_-]{0,63}: '" + name + "'");
    }
    TreeSet<String> members = new TreeSet<>();
    for (NodeId id : ctx.config().memberIds()) {
      members.add(id.value());
    }
    RaftNode node = new RaftNode(name, ctx.nodeId(), new Membership(members), machine,
        ctx.dataDir("raft").resolve(name), ctx.transport(), opts);
    groups.put(name, node);
    registerMeters(ctx.metrics(), node);
    return node;
  }

  /** An open group. */
  public Optional<RaftNode> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  /** The default key-value group. */
  public RaftNode kv() {
    return group(DEFAULT_GROUP).orElseThrow(() -> new IllegalStateException("the raft service is not started"));
  }

  /** Names of the open groups. */
  public java.util.Set<String> groupNames() {
    return new TreeSet<>(groups.keySet());
  }

  private @Nullable RaftNode node(String name) {
    return groups.get(name);
  }

  private static void registerMeters(MeterRegistry m, RaftNode n) {
    Tags tags = Tags.of("group", n.group());
    Gauge.builder("raft.term", n, x -> x.status().term()).tags(tags).register(m);
    Gauge.builder("raft.commit.index", n, x -> x.status().commitIndex()).tags(tags).register(m);
    Gauge.builder("raft.applied.index", n, RaftNode::appliedIndex).tags(tags).register(m);
    Gauge.builder("raft.log.bytes", n, RaftNode::logSizeBytes).tags(tags).register(m);
    Gauge.builder("raft.leader", n, x -> x.isLeader() ? 1 : 0).tags(tags).register(m);
    Gauge.builder("raft.fsyncs", n, RaftNode::fsyncCount).tags(tags).register(m);
  }

  /**
   * Stops every group. Closes them without holding this service's lock: a group on the
   * transport's event loop needs that loop to stop, and the loop may be about to look a group
   * up.
   */
  @Override
  public void stop() {
    java.util.List<RaftNode> open;
    synchronized (this) {
      open = new java.util.ArrayList<>(new java.util.TreeMap<>(groups).values());
      groups.clear();
      ServiceContext ctx = context;
      if (ctx != null) {
        ctx.router().unroute(Envelope.class);
        ctx.router().unroute(ForwardRequest.class);
      }
      context = null;
    }
    for (RaftNode n : open) {
      n.close();
    }
  }
}
