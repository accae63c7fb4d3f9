package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.CoreMessages;
import io.dsync.wire.ErrorResponse;
import io.dsync.wire.Frame;
import io.dsync.wire.FrameCodec;
import io.dsync.wire.FrameDecoder;
import io.dsync.wire.FrameFlags;
import io.dsync.wire.Handshake;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireFormatException;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} over TCP, on Netty NIO event loops.
 *
 * <p>Connections: one outbound connection per configured peer carries everything this transport
 * sends to that peer (one-way messages and requests); responses go back on the connection the
 * request came in on. Between two nodes there are thus two connections, one each way, which needs
 * no tie-breaking when both dial at once. A peer with no configured address (a client) is reached
 * over the connection it opened. Each connection starts with a {@link Handshake} from both sides.
 * A dropped or failed outbound connection is redialled with exponential backoff and jitter.
 *
 * <p>Batching: sends go to a bounded per-connection queue; one task per event-loop turn encodes
 * what is queued into large buffers and flushes once. A full queue drops the send (counted in
 * {@link #stats()}) and {@link #isWritable} turns false; nothing blocks.
 *
 * <p>Threading: the handler runs on the event-loop thread of the connection a message came in
 * on, so with {@code ioThreads > 1} messages from different connections may be handled
 * concurrently; messages from one connection are handled in order, one at a time. Connections
 * between nodes are kept on one loop, the peer loop ({@link #peerExecutor}, placement in {@link
 * LoopPlacement}), so that a protocol driver running there sends and receives without thread
 * hand-offs; clients' connections are spread round-robin over all loops. Responses complete request futures
 * on event-loop threads too: never block in a callback. A synchronous caller that can spare a
 * core may wait with {@link SpinThenPark#get} instead of {@code get()}: a short spin saves the
 * wake-up of a parked thread (bench/README.md has the figures).
 *
 * <p>Usage: {@code new NettyTcpTransport(config, registry)}, then {@link #start}; {@link
 * #boundPort()} tells the listening port. Do not call {@link #close} from an event-loop thread.
 * Thread-safe.
 */
public final class NettyTcpTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(NettyTcpTransport.class);
  static final AttributeKey<PeerLink> LINK = AttributeKey.valueOf("dsync.link");

  private final TcpTransportConfig config;
  private final MessageRegistry registry;
  private final TransportCounters counters = new TransportCounters();
  private final Map<NodeId, PeerLink> links = new ConcurrentHashMap<>();
  private final Map<NodeId, OutboundQueue> inbound = new ConcurrentHashMap<>();
  private final Map<NodeId, Integer> liveConnections = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Random random = new Random();
  private final EventLoops loops;
  private final EventLoopGroup group;
  private final LoopPlacement placement = new LoopPlacement();
  private final EventLoop peerLoop;
  private final ChannelGroup channels;
  /**
   * One timer for the request timeouts of every transport in the JVM (Netty advises sharing
   * HashedWheelTimer instances): one daemon thread, 10 ms ticks.
   */
  private static final class SharedTimer {
    static final HashedWheelTimer INSTANCE =
        new HashedWheelTimer(new DefaultThreadFactory("dsync-request-timer", true), 10, TimeUnit.MILLISECONDS);
  }

  private final PendingRequests pending;
  private final Bootstrap bootstrap;
  private final byte[] handshake;
  private volatile InboundHandler handler;
  private Channel serverChannel;

  /** Creates a stopped transport; registers the core messages in {@code registry}. */
  public NettyTcpTransport(TcpTransportConfig config, MessageRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.registry = CoreMessages.register(Objects.requireNonNull(registry, "registry"));
    String name = config.localId().value();
    this.loops = EventLoops.choose(config.nativeTransport());
    this.group = loops.newGroup(config.ioThreads(), new DefaultThreadFactory("dsync-io-" + name, true), placement);
    this.peerLoop = placement.peerLoop();
    this.channels = new DefaultChannelGroup("dsync-" + name, GlobalEventExecutor.INSTANCE);
    this.pending =
        new PendingRequests(
            (delay, task) -> {
              var timeout = SharedTimer.INSTANCE.newTimeout(t -> task.run(), delay, TimeUnit.MILLISECONDS);
              return timeout::cancel;
            });
    this.bootstrap =
        new Bootstrap()
            .group(peerLoop)
            .channel(loops.socketChannel)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .handler(initializer());
    this.handshake = encodeHandshake();
    config.peers().forEach(this::addPeer);
  }

  private static WriteBufferWaterMark waterMark() {
    return new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);
  }

  private ChannelInitializer<Channel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast("frames", new FrameDecoder(registry,
                Math.min(FrameDecoder.HANDSHAKE_MAX_FRAME_BYTES, config.maxFrameBytes())))
            .addLast("connection", new ConnectionHandler(NettyTcpTransport.this));
      }
    };
  }

  private byte[] encodeHandshake() {
    ByteBuf buf = ByteBufAllocator.DEFAULT.heapBuffer();
    try {
      FrameCodec.encode(buf, FrameFlags.ONE_WAY, 0,
          new Handshake(FrameCodec.PROTOCOL_VERSION, config.localId()), registry, config.crc(), config.maxFrameBytes());
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      return bytes;
    } finally {
      buf.release();
    }
  }

  @Override
  public NodeId localId() {
    return config.localId();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The <em>peer loop</em>: the event loop every outbound connection to a configured peer is
   * registered on. Asking for it also calls {@link #placePeersOnPeerLoop()}, since whoever runs
   * work there wants peers' messages delivered there.
   */
  @Override
  public Optional<java.util.concurrent.ScheduledExecutorService> peerExecutor() {
    placePeersOnPeerLoop();
    return Optional.of(peerLoop);
  }

  /**
   * From now on, places connections accepted from a configured peer's address on the peer loop
   * ({@link LoopPlacement}) instead of spreading them over the I/O threads. Call it before the
   * peers connect: a connection accepted earlier stays where it is until it reconnects.
   * Idempotent.
   */
  public void placePeersOnPeerLoop() {
    placement.use();
  }

  /** The configuration this transport was built with (peers added later are not in it). */
  public TcpTransportConfig config() {
    return config;
  }

  /**
   * Binds the listener (unless client mode) and starts delivering to {@code handler}. Blocks until
   * bound; fails with {@link IllegalStateException} if the port cannot be bound or on a second call.
   */
  @Override
  public void start(InboundHandler inboundHandler) {
    Objects.requireNonNull(inboundHandler, "handler");
    if (closed.get()) {
      throw new IllegalStateException("transport " + localId() + " is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("transport " + localId() + " is started already");
    }
    this.handler = inboundHandler;
    if (config.clientMode()) {
      return;
    }
    ServerBootstrap server =
        new ServerBootstrap()
            .group(group)
            .channel(loops.serverChannel)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .handler(placement.acceptHandler())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .childHandler(initializer());
    try {
      serverChannel = server.bind(config.bindHost(), config.bindPort()).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the checked BindException undeclared
      close();
      throw new IllegalStateException(
          "transport " + localId() + " cannot listen on " + config.bindHost() + ":" + config.bindPort() + ": " + e, e);
    }
    log.info("{} listening on {} ({})", localId(), serverChannel.localAddress(), loops.name);
  }

  /** The listening port after {@link #start}; -1 in client mode or before start. */
  public int boundPort() {
    Channel ch = serverChannel;
    return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
  }

  /** Adds a peer to dial, or changes its address (used from the next connection attempt on). */
  public void addPeer(NodeId id, InetSocketAddress address) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    if (id.equals(localId())) {
      throw new IllegalArgumentException("cannot add this node's own id " + id + " as a peer");
    }
    placement.addPeerAddress(address);
    links.compute(id, (k, existing) -> {
      if (existing != null) {
        existing.address(address);
        return existing;
      }
      return new PeerLink(id, address, newQueue(), bootstrap, config.reconnectBackoff(), random, counters,
          config.reconnectEagerly());
    });
  }

  /** Forgets a peer: stops dialling it and closes the outbound connection to it. */
  public void removePeer(NodeId id) {
    PeerLink link = links.remove(id);
    if (link != null) {
      link.close();
    }
  }

  /** The peers this transport dials, with their current addresses. */
  public Map<NodeId, InetSocketAddress> peers() {
    Map<NodeId, InetSocketAddress> result = new java.util.TreeMap<>();
    links.forEach((id, link) -> result.put(id, link.address()));
    return result;
  }

  /**
   * Dials a configured peer now (if not connected) and completes when its handshake arrives;
   * fails with {@link java.net.ConnectException} when this attempt fails.
   */
  public CompletableFuture<Void> connect(NodeId peer) {
    PeerLink link = links.get(peer);
    if (link == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no address for peer " + peer));
    }
    return link.connect();
  }

  /** Whether a handshaken connection (either direction) to {@code peer} is open. */
  public boolean isConnected(NodeId peer) {
    return liveConnections.containsKey(peer);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The message is encoded on the calling thread. A message larger than the maximum frame is
   * dropped, counted and logged. Programmer errors fail fast: a null argument or an unregistered
   * message class throws.
   */
  @Override
  public void send(NodeId to, Message message) {
    Objects.requireNonNull(to, "to");
    checked(message);
    Object route = route(to);
    if (route == null) {
      counters.droppedNoRoute.increment();
      return;
    }
    OutboundFrame frame = encodeOrDrop(to, FrameFlags.ONE_WAY, 0, message);
    if (frame != null) {
      offer(route, frame);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A request larger than the maximum frame fails at once with {@link
   * io.dsync.wire.WireFormatException}.
   */
  @Override
  public CompletableFuture<Message> request(NodeId to, Message request, Duration timeout) {
    Objects.requireNonNull(to, "to");
    checked(request);
    Objects.requireNonNull(timeout, "timeout");
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("transport " + localId() + " is closed"));
    }
    long id = pending.nextCorrelationId();
    CompletableFuture<Message> future = pending.register(id, to, timeout);
    Object route = route(to);
    if (route == null) {
      counters.droppedNoRoute.increment(); // lost: shows as the timeout
      return future;
    }
    try {
      offer(route, OutboundFrame.encode(FrameFlags.REQUEST, id, request, registry, config.crc(), config.maxFrameBytes()));
    } catch (WireFormatException e) {
      counters.droppedTooLarge.increment();
      pending.fail(id, e);
    }
    return future;
  }

  private Message checked(Message message) {
    Objects.requireNonNull(message, "message");
    if (!registry.isRegistered(message.getClass())) {
      throw new IllegalArgumentException("message class not registered: " + message.getClass().getName());
    }
    return message;
  }

  private OutboundFrame encodeOrDrop(NodeId to, int flags, long correlationId, Message message) {
    try {
      return OutboundFrame.encode(flags, correlationId, message, registry, config.crc(), config.maxFrameBytes());
    } catch (WireFormatException e) {
      counters.droppedTooLarge.increment();
      log.warn("not sent to {}: {}", to, e.getMessage());
      return null;
    }
  }

  /** The link or inbound queue that reaches {@code to}, or null. */
  private Object route(NodeId to) {
    if (closed.get() || !started.get()) {
      return null;
    }
    PeerLink link = links.get(to);
    return link != null ? link : inbound.get(to);
  }

  private static void offer(Object route, OutboundFrame frame) {
    if (route instanceof PeerLink link) {
      link.offer(frame);
    } else {
      ((OutboundQueue) route).offer(frame);
    }
  }

  @Override
  public boolean isWritable(NodeId to) {
    PeerLink link = links.get(to);
    if (link != null) {
      return link.queue.hasRoom();
    }
    OutboundQueue queue = inbound.get(to);
    return queue != null && queue.hasRoom();
  }

  /** Counters since creation. */
  public TransportStats stats() {
    return counters.snapshot();
  }

  /** Open TCP connections (both directions; the listener not counted). */
  public int openConnectionCount() {
    return channels.size();
  }

  /** The event-loop flavour in use: {@code epoll} or {@code nio}. */
  public String ioFlavour() {
    return loops.name;
  }

  /** Requests sent and not yet answered or timed out. */
  public int pendingRequestCount() {
    return pending.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    links.values().forEach(PeerLink::close);
    links.clear();
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    pending.failAll(new IllegalStateException("transport " + localId() + " closed"));
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  // ---- called by ConnectionHandler and OutboundQueue (event loop threads) ----

  OutboundQueue newQueue() {
    return new OutboundQueue(config.outboundQueueMessages(), config.outboundQueueBytes(), counters);
  }

  ByteBuf handshakeBytes(ByteBufAllocator alloc) {
    return alloc.buffer(handshake.length).writeBytes(handshake);
  }

  int maxFrameBytes() {
    return config.maxFrameBytes();
  }

  long connectTimeoutMillis() {
    return config.connectTimeout().toMillis();
  }

  boolean verifyPeerIds() {
    return config.verifyPeerIds();
  }

  void countProtocolError() {
    counters.protocolErrors.increment();
  }

  void track(Channel ch) {
    channels.add(ch);
    if (closed.get()) {
      ch.close();
    }
  }

  void onEstablished(NodeId peer, Channel ch, OutboundQueue queue, PeerLink link) {
    liveConnections.merge(peer, 1, Integer::sum);
    if (link != null || links.containsKey(peer)) {
      placement.learn(ch.remoteAddress()); // a peer's later connections from there go to the peer loop
    }
    if (link != null) {
      link.onEstablished(ch);
    } else {
      inbound.put(peer, queue);
      queue.attach(ch);
    }
    if (link != null) {
      log.info("{} connected to {} at {}", localId(), peer, ch.remoteAddress());
    } else {
      log.debug("{} accepted a connection from {} at {}", localId(), peer, ch.remoteAddress());
    }
  }

  void onConnectionClosed(NodeId peer, Channel ch, OutboundQueue queue) {
    inbound.remove(peer, queue);
    boolean[] last = new boolean[1];
    liveConnections.computeIfPresent(peer, (k, n) -> {
      if (n <= 1) {
        last[0] = true;
        return null;
      }
      return n - 1;
    });
    InboundHandler h = handler;
    if (last[0] && h != null && !closed.get()) {
      try {
        h.onDisconnected(peer);
      } catch (RuntimeException e) {
        log.error("onDisconnected({}) failed", peer, e);
      }
    }
  }

  void dispatch(NodeId from, Frame frame, OutboundQueue replyQueue) {
    counters.framesReceived.increment();
    if (frame.isResponse()) {
      if (frame.isError() && frame.message() instanceof ErrorResponse error) {
        pending.fail(frame.correlationId(), from, new RemoteException(error.errorCode(), error.message()));
      } else {
        pending.complete(frame.correlationId(), from, frame.message());
      }
      return;
    }
    InboundHandler h = handler;
    Reply reply =
        frame.isRequest() ? new QueueReply(replyQueue, frame.correlationId()) : Reply.NONE;
    try {
      h.onMessage(from, frame.message(), reply);
    } catch (RuntimeException e) {
      log.error("handler failed on {} from {}", frame.message().getClass().getSimpleName(), from, e);
      if (reply.expected()) {
        reply.fail("internal", String.valueOf(e.getMessage()));
      }
    }
  }

  /** Answers a request by queueing the response on the connection it came in on. */
  private final class QueueReply implements Reply {
    private static final int MAX_ERROR_TEXT = 4096;
    private final OutboundQueue queue;
    private final long correlationId;
    private final AtomicBoolean answered = new AtomicBoolean();

    QueueReply(OutboundQueue queue, long correlationId) {
      this.queue = queue;
      this.correlationId = correlationId;
    }

    @Override
    public boolean expected() {
      return true;
    }

    @Override
    public void respond(Message response) {
      Objects.requireNonNull(response, "response");
      if (answered.get()) {
        return;
      }
      OutboundFrame frame;
      try {
        frame = OutboundFrame.encode(FrameFlags.RESPONSE, correlationId, checked(response), registry,
            config.crc(), config.maxFrameBytes());
      } catch (WireFormatException e) {
        counters.droppedTooLarge.increment();
        fail("response_too_large", e.getMessage());
        return;
      } catch (RuntimeException e) {
        log.error("cannot encode response {}", response.getClass().getName(), e);
        fail("internal", "cannot encode response " + response.getClass().getSimpleName() + ": " + e.getMessage());
        return;
      }
      if (answered.compareAndSet(false, true)) {
        queue.offer(frame);
      }
    }

    @Override
    public void fail(String errorCode, String message) {
      if (answered.compareAndSet(false, true)) {
        String text = String.valueOf(message);
        if (text.length() > MAX_ERROR_TEXT) {
          text = text.substring(0, MAX_ERROR_TEXT) + "...";
        }
        queue.offer(OutboundFrame.encode(FrameFlags.RESPONSE | FrameFlags.ERROR, correlationId,
            new ErrorResponse(String.valueOf(errorCode), text), registry, config.crc(), config.maxFrameBytes()));
      }
    }
  }
}
