package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.FrameCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link NettyTcpTransport}. Immutable; build with {@link #server} or {@link
 * #client} and the {@code with*} methods, which return copies.
 *
 * @param localId the id this transport announces in its handshake
 * @param bindHost the listening address, or {@code null} for a client-mode transport (no listener)
 * @param bindPort the listening port; 0 picks a free one (see {@link NettyTcpTransport#boundPort})
 * @param peers addresses of the peers this transport dials; more can be added at runtime with
 *     {@link NettyTcpTransport#addPeer}
 * @param maxFrameBytes the largest frame sent or accepted, length prefix included
 * @param outboundQueueMessages the bound of each connection's outbound queue, in messages
 * @param outboundQueueBytes the bound of each connection's outbound queue, in encoded bytes (at
 *     least {@code maxFrameBytes})
 * @param connectTimeout how long one connection attempt (and an inbound handshake) may take
 * @param reconnectBackoff the delays between connection attempts to a peer
 * @param crc whether frames sent carry a CRC32C trailer (frames received are checked when they do)
 * @param verifyPeerIds whether a dialed peer must announce the id it is configured under (off for
 *     clients, which know addresses, not ids)
 * @param ioThreads event-loop threads
 * @param reconnectEagerly whether a lost or failed connection is redialled on its own (with
 *     backoff) or only when something is next sent to that peer (clients)
 * @param nativeTransport whether to use Linux native epoll when its jar is on the class path
 */
public record TcpTransportConfig(
    NodeId localId,
    String bindHost,
    int bindPort,
    Map<NodeId, InetSocketAddress> peers,
    int maxFrameBytes,
    int outboundQueueMessages,
    long outboundQueueBytes,
    Duration connectTimeout,
    Backoff reconnectBackoff,
    boolean crc,
    boolean verifyPeerIds,
    int ioThreads,
    boolean reconnectEagerly,
    boolean nativeTransport) {

  /** The default bound of an outbound queue, in messages. */
  public static final int DEFAULT_OUTBOUND_QUEUE_MESSAGES = 65_536;
  /** The default bound of an outbound queue, in bytes: 64 MiB. */
  public static final long DEFAULT_OUTBOUND_QUEUE_BYTES = 64L * 1024 * 1024;

  public TcpTransportConfig {
    Objects.requireNonNull(localId, "localId");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
    if (bindHost != null && bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost is blank (use null for a client-mode transport)");
    }
    if (bindPort < 0 || bindPort > 65535) {
      throw new IllegalArgumentException("bindPort out of range 0..65535: " + bindPort);
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1024: " + maxFrameBytes);
    }
    if (outboundQueueMessages < 1) {
      throw new IllegalArgumentException("outboundQueueMessages must be positive: " + outboundQueueMessages);
    }
    if (outboundQueueBytes < maxFrameBytes) {
      throw new IllegalArgumentException(
          "outboundQueueBytes " + outboundQueueBytes + " is below maxFrameBytes " + maxFrameBytes);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
    }
    Map<NodeId, InetSocketAddress> copy = new LinkedHashMap<>();
    peers.forEach(
        (id, address) -> {
          Objects.requireNonNull(id, "peer id");
          Objects.requireNonNull(address, "address of peer " + id);
          if (id.equals(localId)) {
            throw new IllegalArgumentException("peer list contains this node's own id " + id);
          }
          copy.put(id, address);
        });
    peers = java.util.Collections.unmodifiableMap(copy);
  }

  /** A listening transport with defaults: no peers, 16 MiB frames, no CRC. */
  public static TcpTransportConfig server(NodeId localId, String bindHost, int bindPort) {
    Objects.requireNonNull(bindHost, "bindHost");
    return new TcpTransportConfig(
        localId,
        bindHost,
        bindPort,
        Map.of(),
        FrameCodec.DEFAULT_MAX_FRAME_BYTES,
        DEFAULT_OUTBOUND_QUEUE_MESSAGES,
        DEFAULT_OUTBOUND_QUEUE_BYTES,
        Duration.ofSeconds(3),
        new Backoff(Duration.ofMillis(20), Duration.ofSeconds(2)),
        false,
        true,
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
        true,
        true);
  }

  /** A client-mode transport (no listener) with defaults; it does not check peer ids. */
  public static TcpTransportConfig client(NodeId localId) {
    return server(localId, "127.0.0.1", 0).withBindHost(null).withVerifyPeerIds(false).withIoThreads(1)
        .withReconnectEagerly(false);
  }

  /** Whether this transport has no listener. */
  public boolean clientMode() {
    return bindHost == null;
  }

  public TcpTransportConfig withPeer(NodeId id, InetSocketAddress address) {
    Map<NodeId, InetSocketAddress> copy = new LinkedHashMap<>(peers);
    copy.put(id, address);
    return withPeers(copy);
  }

  public TcpTransportConfig withoutPeer(NodeId id) {
    Map<NodeId, InetSocketAddress> copy = new LinkedHashMap<>(peers);
    copy.remove(id);
    return withPeers(copy);
  }

  public TcpTransportConfig withPeers(Map<NodeId, InetSocketAddress> newPeers) {
    return new TcpTransportConfig(localId, bindHost, bindPort, newPeers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withBindHost(String host) {
    return new TcpTransportConfig(localId, host, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withBindPort(int port) {
    return new TcpTransportConfig(localId, bindHost, port, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  /** Also raises {@link #outboundQueueBytes} to {@code bytes} if it is smaller. */
  public TcpTransportConfig withMaxFrameBytes(int bytes) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, bytes,
        outboundQueueMessages, Math.max(outboundQueueBytes, bytes), connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withOutboundQueueMessages(int messages) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        messages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withConnectTimeout(Duration timeout) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, timeout, reconnectBackoff, crc, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withReconnectBackoff(Backoff backoff) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, backoff, crc, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withCrc(boolean enabled) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, enabled, verifyPeerIds, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withVerifyPeerIds(boolean verify) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verify, ioThreads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withIoThreads(int threads) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, threads, reconnectEagerly, nativeTransport);
  }

  public TcpTransportConfig withReconnectEagerly(boolean eager) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads, eager, nativeTransport);
  }

  public TcpTransportConfig withNativeTransport(boolean allowed) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, outboundQueueBytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads,
        reconnectEagerly, allowed);
  }

  public TcpTransportConfig withOutboundQueueBytes(long bytes) {
    return new TcpTransportConfig(localId, bindHost, bindPort, peers, maxFrameBytes,
        outboundQueueMessages, bytes, connectTimeout, reconnectBackoff, crc, verifyPeerIds, ioThreads,
        reconnectEagerly, nativeTransport);
  }
}
