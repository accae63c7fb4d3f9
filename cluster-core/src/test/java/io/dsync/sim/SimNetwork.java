package io.dsync.sim;

import io.dsync.cluster.NodeId;
import io.dsync.wire.CoreMessages;
import io.dsync.wire.FrameCodec;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A simulated network on a {@link SimScheduler}: per-link delay, loss, duplication and
 * reordering, symmetric and one-way partitions, node crashes and restarts. Everything random is
 * drawn from the scheduler's seeded {@link Random}, so a run replays exactly; {@link #trace()}
 * records every send, delivery and drop to prove it.
 *
 * <p>A crash stops a node at once: its transport goes dead (sends ignored, timers never fire,
 * nothing delivered), messages in flight to or from it are lost, and the other nodes get
 * {@code onDisconnected}. {@link #restart} gives a fresh transport for the same id; messages sent
 * to the old incarnation never reach the new one. Single-threaded, like the scheduler.
 */
public final class SimNetwork {
  private record Link(NodeId from, NodeId to) {}

  private final SimScheduler scheduler;
  private final MessageRegistry registry;
  private final Map<NodeId, SimTransport> nodes = new TreeMap<>();
  private final Map<NodeId, Integer> incarnations = new HashMap<>();
  private final Map<Link, LinkConfig> links = new HashMap<>();
  private final Map<Link, Long> lastDelivery = new HashMap<>();
  private final Set<Link> blocked = new HashSet<>();
  private final List<String> trace = new ArrayList<>();
  private LinkConfig defaultLink = LinkConfig.RELIABLE;
  private boolean tracing = true;
  private long sent;
  private long delivered;
  private long dropped;

  /** Passes messages by reference. */
  public SimNetwork(SimScheduler scheduler) {
    this(scheduler, null);
  }

  /** Encodes and decodes every message through {@code registry} when it is not null. */
  public SimNetwork(SimScheduler scheduler, MessageRegistry registry) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.registry = registry == null ? null : CoreMessages.register(registry);
  }

  public SimScheduler scheduler() {
    return scheduler;
  }

  /** A transport for a new node id; fails if the id exists (use {@link #restart} after a crash). */
  public SimTransport transport(NodeId id) {
    Objects.requireNonNull(id, "id");
    if (incarnations.containsKey(id)) {
      throw new IllegalStateException("node " + id + " exists already");
    }
    incarnations.put(id, 0);
    SimTransport t = new SimTransport(id, 0, this);
    nodes.put(id, t);
    return t;
  }

  /** Crashes a node: see the class comment. */
  public void crash(NodeId id) {
    SimTransport t = nodes.remove(id);
    if (t == null) {
      throw new IllegalStateException("node " + id + " is not up");
    }
    incarnations.merge(id, 1, Integer::sum);
    t.kill();
    record("crash " + id);
    for (SimTransport other : nodes.values()) {
      if (!blocked.contains(new Link(id, other.localId()))) {
        scheduler.schedule(linkFor(id, other.localId()).minDelayMillis(), () -> other.disconnected(id));
      }
    }
  }

  /** Brings a crashed node back with a new transport (start it with the new incarnation's handler). */
  public SimTransport restart(NodeId id) {
    if (!incarnations.containsKey(id) || nodes.containsKey(id)) {
      throw new IllegalStateException("node " + id + " is not crashed");
    }
    int incarnation = incarnations.get(id);
    SimTransport t = new SimTransport(id, incarnation, this);
    nodes.put(id, t);
    record("restart " + id + " incarnation " + incarnation);
    return t;
  }

  /** Whether a node is up. */
  public boolean isUp(NodeId id) {
    return nodes.containsKey(id);
  }

  /** The link settings used where no specific link is configured. */
  public void defaultLink(LinkConfig config) {
    defaultLink = Objects.requireNonNull(config);
  }

  /** Settings of the link {@code from -> to} (one direction). */
  public void link(NodeId from, NodeId to, LinkConfig config) {
    links.put(new Link(from, to), Objects.requireNonNull(config));
  }

  /** Blocks every link between the two sides, both ways. */
  public void partition(Collection<NodeId> side1, Collection<NodeId> side2) {
    for (NodeId a : side1) {
      for (NodeId b : side2) {
        blocked.add(new Link(a, b));
        blocked.add(new Link(b, a));
      }
    }
    record("partition " + side1 + " | " + side2);
  }

  /** Blocks {@code from -> to} only. */
  public void blockOneWay(NodeId from, NodeId to) {
    blocked.add(new Link(from, to));
    record("block " + from + "->" + to);
  }

  /** Cuts a node off from every other known node, both ways. */
  public void isolate(NodeId id) {
    List<NodeId> others = new ArrayList<>(incarnations.keySet());
    others.remove(id);
    others.sort(null);
    partition(List.of(id), others);
  }

  /** Removes every partition and block. */
  public void heal() {
    blocked.clear();
    record("heal");
  }

  /** Whether {@code from -> to} is blocked now. */
  public boolean isBlocked(NodeId from, NodeId to) {
    return blocked.contains(new Link(from, to));
  }

  /** Turns the event trace on or off (on by default; long soak runs may turn it off). */
  public void tracing(boolean on) {
    tracing = on;
  }

  /** Every send, delivery, drop and fault so far, one line each, with virtual time. */
  public List<String> trace() {
    return List.copyOf(trace);
  }

  public long sentCount() {
    return sent;
  }

  public long deliveredCount() {
    return delivered;
  }

  public long droppedCount() {
    return dropped;
  }

  // ---- used by SimTransport ----

  private LinkConfig linkFor(NodeId from, NodeId to) {
    return links.getOrDefault(new Link(from, to), defaultLink);
  }

  void record(String event) {
    if (tracing) {
      trace.add("t=" + scheduler.nowMillis() + " " + event);
    }
  }

  /** Moves one frame from {@code sender} toward {@code to}, with the link's faults. */
  void transmit(SimTransport sender, NodeId to, int flags, long correlationId, Message message) {
    sent++;
    String what = sender.localId() + "->" + to + " " + message.getClass().getSimpleName() + " f" + flags + " c" + correlationId;
    Link link = new Link(sender.localId(), to);
    SimTransport receiver = nodes.get(to);
    if (receiver == null) {
      drop("down", what);
      return;
    }
    if (blocked.contains(link)) {
      drop("partition", what);
      return;
    }
    LinkConfig config = linkFor(sender.localId(), to);
    Random random = scheduler.random();
    if (random.nextDouble() < config.dropRate()) {
      drop("lost", what);
      return;
    }
    Message carried = carry(message, flags, correlationId);
    int copies = random.nextDouble() < config.duplicateRate() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      long delay = config.minDelayMillis()
          + (config.maxDelayMillis() == config.minDelayMillis() ? 0
              : random.nextInt((int) Math.min(Integer.MAX_VALUE - 1, config.maxDelayMillis() - config.minDelayMillis() + 1)));
      long at = scheduler.nowMillis() + delay;
      boolean reordered = random.nextDouble() < config.reorderRate();
      if (!reordered) {
        at = Math.max(at, lastDelivery.getOrDefault(link, 0L));
        lastDelivery.put(link, at);
      }
      int senderIncarnation = sender.incarnation();
      int receiverIncarnation = receiver.incarnation();
      String label = what + (i > 0 ? " dup" : "") + (reordered ? " reordered" : "");
      record("send " + label + " due t=" + at);
      scheduler.schedule(at - scheduler.nowMillis(),
          () -> arrive(link, senderIncarnation, receiverIncarnation, flags, correlationId, carried, label));
    }
  }

  private void arrive(Link link, int senderIncarnation, int receiverIncarnation, int flags, long correlationId,
      Message message, String label) {
    SimTransport receiver = nodes.get(link.to());
    if (receiver == null || receiver.incarnation() != receiverIncarnation) {
      drop("receiver crashed", label);
      return;
    }
    if (!incarnations.get(link.from()).equals(senderIncarnation)) {
      drop("sender crashed", label);
      return;
    }
    if (blocked.contains(link)) {
      drop("partition", label);
      return;
    }
    if (!receiver.isStarted()) {
      drop("not started", label);
      return;
    }
    delivered++;
    record("deliver " + label);
    receiver.receive(link.from(), flags, correlationId, message);
  }

  private void drop(String why, String what) {
    dropped++;
    record("drop(" + why + ") " + what);
  }

  private Message carry(Message message, int flags, long correlationId) {
    if (registry == null) {
      return message;
    }
    ByteBuf buf = Unpooled.buffer();
    try {
      FrameCodec.encode(buf, flags, correlationId, message, registry, false, FrameCodec.DEFAULT_MAX_FRAME_BYTES);
      return FrameCodec.decode(buf, registry, FrameCodec.DEFAULT_MAX_FRAME_BYTES).message();
    } finally {
      buf.release();
    }
  }

  boolean serializes() {
    return registry != null;
  }

  boolean isRegistered(Message message) {
    return registry.isRegistered(message.getClass());
  }
}
