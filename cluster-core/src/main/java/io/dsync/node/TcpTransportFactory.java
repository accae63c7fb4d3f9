package io.dsync.node;

import io.dsync.cluster.NodeId;
import io.dsync.net.NettyTcpTransport;
import io.dsync.net.TcpTransportConfig;
import io.dsync.net.Transport;
import io.dsync.wire.MessageRegistry;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** The cluster-mode transport: Netty TCP on the configured host and port, dialing the peers. */
public final class TcpTransportFactory implements TransportFactory {

  @Override
  public Transport create(NodeConfig config, MessageRegistry registry) {
    Map<NodeId, InetSocketAddress> peers = new LinkedHashMap<>();
    for (PeerAddress peer : config.peers()) {
      peers.put(peer.id(), InetSocketAddress.createUnresolved(peer.host(), peer.port()));
    }
    TcpTransportConfig tcp = TcpTransportConfig.server(config.nodeId(), config.host(), config.port())
        .withPeers(peers)
        .withMaxFrameBytes(config.maxFrameBytes());
    NettyTcpTransport transport = new NettyTcpTransport(tcp, registry);
    if (io.dsync.raft.RaftNodeOptions.ioThread(config.settings())) {
      // Raft groups will run on the peer loop: place peers' connections there from the first
      // one on (before the listener opens), not only from when the raft service starts
      transport.placePeersOnPeerLoop();
    }
    return transport;
  }

  /** The bound port of a transport made here, or -1 when it cannot tell. */
  static int boundPort(Transport transport) {
    return transport instanceof NettyTcpTransport tcp ? tcp.boundPort() : -1;
  }
}
