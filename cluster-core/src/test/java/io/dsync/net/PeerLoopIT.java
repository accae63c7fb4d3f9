package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.TestMessages;
import io.dsync.wire.TestMessages.Seq;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Goal: node-to-node traffic is read, handled and written on one event loop of each node, the
 * peer loop that {@link Transport#peerExecutor} offers, whatever the number of I/O threads; the
 * placement rule itself keeps clients of other addresses off it. Method: two transports with
 * three I/O threads each exchange messages both ways; the handlers record whether they ran on
 * their own peer loop; {@link LoopPlacement} is asked about addresses directly.
 */
class PeerLoopIT {
  private static final NodeId A = NodeId.of("node-a");
  private static final NodeId B = NodeId.of("node-b");

  private final MessageRegistry registry = TestMessages.registry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** Records whether each message ran on {@code self}'s peer loop. */
  private static final class OnPeerLoop implements InboundHandler {
    final List<Boolean> onPeerLoop = new CopyOnWriteArrayList<>();
    volatile NettyTcpTransport self;

    @Override
    public void onMessage(NodeId from, io.dsync.wire.Message message, Reply reply) {
      onPeerLoop.add(((EventLoop) self.peerExecutor().orElseThrow()).inEventLoop());
    }
  }

  private NettyTcpTransport start(TcpTransportConfig config, OnPeerLoop handler) {
    NettyTcpTransport t = new NettyTcpTransport(config.withIoThreads(3), registry);
    toClose.add(t);
    t.placePeersOnPeerLoop(); // something will run on the peer loop: peers' connections go there
    handler.self = t;
    t.start(handler);
    return t;
  }

  @Test
  void messagesBetweenNodes_handledOnEachSidesPeerLoop_bothDirections() {
    OnPeerLoop atA = new OnPeerLoop();
    OnPeerLoop atB = new OnPeerLoop();
    NettyTcpTransport b = start(TcpTransportConfig.server(B, "127.0.0.1", 0), atB);
    NettyTcpTransport a = start(TcpTransportConfig.server(A, "127.0.0.1", 0)
        .withPeer(B, InetSocketAddress.createUnresolved("127.0.0.1", b.boundPort())), atA);
    b.addPeer(A, InetSocketAddress.createUnresolved("127.0.0.1", a.boundPort()));
    for (int i = 0; i < 200; i++) {
      a.send(B, new Seq("a", i));
      b.send(A, new Seq("b", i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> atA.onPeerLoop.size() == 200 && atB.onPeerLoop.size() == 200);
    assertThat(atA.onPeerLoop).containsOnly(true);
    assertThat(atB.onPeerLoop).containsOnly(true);
  }

  @Test
  void placementRule_peersByLiteralOrLearnedAddress_othersNot() throws Exception {
    LoopPlacement p = new LoopPlacement();
    p.addPeerAddress(InetSocketAddress.createUnresolved("10.1.2.3", 7000)); // literal: known at once
    p.addPeerAddress(InetSocketAddress.createUnresolved("peer.invalid", 7000)); // a name: no DNS lookup here
    assertThat(p.isPeer(new InetSocketAddress("10.1.2.3", 51234))).isTrue();
    assertThat(p.isPeer(new InetSocketAddress("127.0.0.2", 51234))).isFalse();
    p.learn(new InetSocketAddress("127.0.0.2", 7001)); // a connection to or from a configured peer
    assertThat(p.isPeer(new InetSocketAddress("127.0.0.2", 40000))).isTrue();
    assertThat(p.isPeer(new InetSocketAddress("127.0.0.3", 40000))).isFalse();
  }
}
