package io.dsync.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the event loop of each channel so that node-to-node traffic shares one loop, the
 * <em>peer loop</em> (the first of the group), with whatever runs there through {@link
 * Transport#peerExecutor} (Raft groups with {@code raft.ioThread}): a message from a peer is then
 * read, handled and answered on one thread.
 *
 * <ul>
 *   <li>Outbound connections to configured peers are registered on the peer loop by their
 *       bootstrap.
 *   <li>Once something runs on the peer loop ({@link #use}), an accepted connection goes to the
 *       peer loop when its remote IP address is one of the
 *       peers' ({@link #acceptHandler} looks at it before Netty's acceptor registers the channel;
 *       who the peer is, the handshake only tells later, and Netty cannot safely move a
 *       registered channel to another loop). Peers' addresses are known from the configuration
 *       when given as IP literals (no DNS lookup here) and learned from every established
 *       connection to or from a configured peer. Every other accepted connection — clients —
 *       is placed round-robin over all loops, as before.
 * </ul>
 *
 * The placement is only a matter of speed: a peer's connection that lands elsewhere (its address
 * not known yet, or a client on a peer's host, which lands on the peer loop) works the same, with
 * one thread hand-off more per batch of messages. Thread-safe.
 */
final class LoopPlacement implements EventExecutorChooserFactory {
  /** Set by {@link #acceptHandler} on the accepting thread while Netty's acceptor registers the child. */
  private static final ThreadLocal<Boolean> TO_PEER_LOOP = new ThreadLocal<>();

  private final Set<InetAddress> peerAddresses = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean inUse;
  private volatile EventExecutor[] executors = new EventExecutor[0];
  private final ChannelHandler acceptHandler = new AcceptHandler();

  @Override
  public EventExecutorChooser newChooser(EventExecutor[] all) {
    EventExecutor[] copy = all.clone();
    this.executors = copy;
    return () -> Boolean.TRUE.equals(TO_PEER_LOOP.get())
        ? copy[0]
        : copy[Math.floorMod(next.getAndIncrement(), copy.length)];
  }

  /** The loop of node-to-node traffic (after the group was made with this chooser factory). */
  EventLoop peerLoop() {
    return (EventLoop) executors[0];
  }

  /**
   * From now on, accepted connections from peers go to the peer loop (called when something
   * starts running there). Until then they are placed round-robin like every other connection:
   * with nothing on the peer loop, one loop for all node-to-node reads was measured slower than
   * spreading them (docs/raft.md, "Threading").
   */
  void use() {
    inUse = true;
  }

  /** Notes a configured peer's address: resolved, or an IP literal (never a DNS lookup). */
  void addPeerAddress(InetSocketAddress address) {
    InetAddress ip = address.isUnresolved()
        ? NetUtil.createInetAddressFromIpAddressString(address.getHostString())
        : address.getAddress();
    if (ip != null) {
      peerAddresses.add(ip);
    }
  }

  /** Notes the remote address of a connection to or from a configured peer. */
  void learn(SocketAddress remote) {
    if (remote instanceof InetSocketAddress a && a.getAddress() != null) {
      peerAddresses.add(a.getAddress());
    }
  }

  /** Whether a connection from {@code remote} goes to the peer loop. */
  boolean isPeer(SocketAddress remote) {
    return remote instanceof InetSocketAddress a && a.getAddress() != null && peerAddresses.contains(a.getAddress());
  }

  /** The handler for the listening channel's pipeline (ahead of Netty's acceptor). */
  ChannelHandler acceptHandler() {
    return acceptHandler;
  }

  @ChannelHandler.Sharable
  private final class AcceptHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (inUse && msg instanceof Channel child && isPeer(child.remoteAddress())) {
        TO_PEER_LOOP.set(Boolean.TRUE);
        try {
          ctx.fireChannelRead(msg); // the acceptor registers the child: the chooser sees the flag
        } finally {
          TO_PEER_LOOP.remove();
        }
      } else {
        ctx.fireChannelRead(msg);
      }
    }
  }
}
