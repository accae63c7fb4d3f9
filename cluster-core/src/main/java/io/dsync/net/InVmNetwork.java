package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.CoreMessages;
import io.dsync.wire.FrameCodec;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hub that connects {@link InVmTransport}s inside one JVM: the transport of an embedded node or
 * of an in-process cluster. No sockets, no ports.
 *
 * <p>Messages are passed by reference (they are immutable) unless the network is built with
 * {@code serialize = true}, in which case every message is encoded and decoded through the
 * registry's codecs, as over TCP; use that in tests to prove the codecs. Each transport delivers
 * on its own single thread, in the order messages were sent. Thread-safe.
 */
public final class InVmNetwork implements AutoCloseable {
  /** The default bound of a transport's inbox. */
  public static final int DEFAULT_INBOX_MESSAGES = 65_536;

  private final MessageRegistry registry;
  private final boolean serialize;
  private final int inboxMessages;
  private final Map<NodeId, InVmTransport> transports = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private volatile boolean closed;

  /** A network passing messages by reference. */
  public InVmNetwork() {
    this(new MessageRegistry(), false, DEFAULT_INBOX_MESSAGES);
  }

  /**
   * @param registry the codecs (needed when {@code serialize}); core messages are added to it
   * @param serialize whether messages go through their codecs
   * @param inboxMessages the bound of each transport's inbox; sends beyond it are dropped
   */
  public InVmNetwork(MessageRegistry registry, boolean serialize, int inboxMessages) {
    this.registry = CoreMessages.register(Objects.requireNonNull(registry, "registry"));
    this.serialize = serialize;
    if (inboxMessages < 1) {
      throw new IllegalArgumentException("inboxMessages must be positive: " + inboxMessages);
    }
    this.inboxMessages = inboxMessages;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dsync-invm-timer");
              t.setDaemon(true);
              return t;
            });
  }

  /** A network that encodes and decodes every message through {@code registry}. */
  public static InVmNetwork serializing(MessageRegistry registry) {
    return new InVmNetwork(registry, true, DEFAULT_INBOX_MESSAGES);
  }

  /**
   * A new transport for {@code id}. Fails with {@link IllegalStateException} if a transport with
   * that id is open already (close it first, e.g. to simulate a restart).
   */
  public InVmTransport transport(NodeId id) {
    Objects.requireNonNull(id, "id");
    if (closed) {
      throw new IllegalStateException("network is closed");
    }
    InVmTransport created = new InVmTransport(id, this, inboxMessages);
    InVmTransport existing = transports.putIfAbsent(id, created);
    if (existing != null) {
      throw new IllegalStateException("a transport for " + id + " is open already");
    }
    return created;
  }

  /** Ids of the open transports. */
  public List<NodeId> members() {
    return new ArrayList<>(new java.util.TreeSet<>(transports.keySet()));
  }

  /** Closes every transport. */
  @Override
  public void close() {
    closed = true;
    for (InVmTransport t : new ArrayList<>(transports.values())) {
      t.close();
    }
    timer.shutdownNow();
  }

  // ---- used by InVmTransport ----

  boolean serializes() {
    return serialize;
  }

  boolean isRegistered(Message message) {
    return registry.isRegistered(message.getClass());
  }

  InVmTransport lookup(NodeId id) {
    return transports.get(id);
  }

  /** The message as the receiver sees it: the same object, or a decoded copy. */
  Message carry(Message message, int flags, long correlationId) {
    if (!serialize) {
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

  Runnable schedule(long delayMillis, Runnable task) {
    if (timer.isShutdown()) {
      return () -> {};
    }
    ScheduledFuture<?> f = timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  void closed(InVmTransport transport) {
    transports.remove(transport.localId(), transport);
    for (InVmTransport other : transports.values()) {
      other.peerClosed(transport.localId());
    }
  }
}
