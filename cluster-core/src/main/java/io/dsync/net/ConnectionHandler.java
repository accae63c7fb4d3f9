package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Frame;
import io.dsync.wire.FrameCodec;
import io.dsync.wire.FrameDecoder;
import io.dsync.wire.Handshake;
import io.dsync.wire.WireFormatException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's protocol state: writes our handshake when the socket connects, requires the
 * peer's handshake as its first frame, then hands frames to the transport. Malformed input closes
 * the connection with one WARN line naming the peer and the reason. One instance per channel;
 * runs on the channel's event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

  private final NettyTcpTransport transport;
  private PeerLink link;
  private OutboundQueue queue;
  private NodeId peer;
  private boolean handshaken;
  private boolean reported;
  private ScheduledFuture<?> handshakeTimeout;

  ConnectionHandler(NettyTcpTransport transport) {
    this.transport = transport;
  }

  private boolean outbound() {
    return link != null;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    PeerLink dialing = ctx.channel().attr(NettyTcpTransport.LINK).get();
    if (dialing != null && connectedToItself(ctx.channel())) {
      // Dialing a loopback port nobody listens on yet can end in TCP's simultaneous open with
      // itself when the kernel picks that same port as the source. Until the handshake exposed
      // it, the socket would hold the port that the peer is about to listen on; close it now,
      // abortively, so that it does not stay in TIME_WAIT on that port either.
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      ctx.close();
      dialing.onConnectedToItself(ctx.channel());
      return;
    }
    link = dialing;
    transport.track(ctx.channel());
    ctx.writeAndFlush(transport.handshakeBytes(ctx.alloc()), ctx.voidPromise());
    if (outbound()) {
      peer = link.id;
      queue = link.queue;
      link.onActive(ctx.channel());
    } else {
      queue = transport.newQueue();
    }
    handshakeTimeout =
        ctx.executor().schedule(
            () -> protocolError(ctx, "no handshake within " + transport.connectTimeoutMillis() + " ms"),
            transport.connectTimeoutMillis(),
            TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  private static boolean connectedToItself(Channel ch) {
    return ch.localAddress() != null && ch.localAddress().equals(ch.remoteAddress());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    if (!handshaken) {
      onHandshake(ctx, frame);
      return;
    }
    if (frame.message() instanceof Handshake) {
      protocolError(ctx, "second handshake on one connection");
      return;
    }
    transport.dispatch(peer, frame, queue);
  }

  private void onHandshake(ChannelHandlerContext ctx, Frame frame) {
    if (!(frame.message() instanceof Handshake handshake)) {
      protocolError(ctx, "expected a handshake first, got message type " + frame.typeId());
      return;
    }
    if (handshake.protocolVersion() != FrameCodec.PROTOCOL_VERSION) {
      protocolError(ctx, "unsupported protocol version " + handshake.protocolVersion() + " in handshake");
      return;
    }
    if (outbound()) {
      if (transport.verifyPeerIds() && !handshake.nodeId().equals(link.id)) {
        protocolError(ctx, "dialed " + link.id + " but " + handshake.nodeId() + " answered");
        return;
      }
    } else {
      peer = handshake.nodeId();
      if (peer.equals(transport.localId())) {
        protocolError(ctx, "peer announced this node's own id");
        return;
      }
    }
    handshaken = true;
    FrameDecoder decoder = ctx.pipeline().get(FrameDecoder.class);
    if (decoder != null) {
      decoder.maxFrameBytes(transport.maxFrameBytes());
    }
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    transport.onEstablished(peer, ctx.channel(), queue, link);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && queue != null) {
      queue.scheduleDrain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    if (outbound()) {
      link.onClosed(ctx.channel());
    } else if (queue != null) {
      queue.detach(ctx.channel());
      queue.clear();
    }
    if (handshaken) {
      transport.onConnectionClosed(peer, ctx.channel(), queue);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof WireFormatException) {
      protocolError(ctx, root.getMessage());
    } else if (root instanceof IOException) {
      log.debug("connection {} closed: {}", describe(ctx), root.toString());
      ctx.close();
    } else {
      log.warn("closing connection {}: unexpected {}", describe(ctx), root.toString(), root);
      ctx.close();
    }
  }

  private void protocolError(ChannelHandlerContext ctx, String reason) {
    if (!reported) {
      reported = true;
      transport.countProtocolError();
      log.warn("closing connection {}: {}", describe(ctx), reason);
    }
    ctx.close();
  }

  private String describe(ChannelHandlerContext ctx) {
    String direction = outbound() ? "to" : "from";
    String who = peer != null ? peer.value() : "unidentified peer";
    return direction + " " + who + " (" + ctx.channel().remoteAddress() + ")";
  }
}
