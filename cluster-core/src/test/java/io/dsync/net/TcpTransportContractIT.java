package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.TestMessages;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The transport contract over Netty TCP on 127.0.0.1, every node dialling every other. */
class TcpTransportContractIT extends TransportContract {

  @Override
  protected Harness harness() {
    MessageRegistry registry = TestMessages.registry();
    List<NettyTcpTransport> all = new ArrayList<>();
    return new Harness() {
      @Override
      public Transport start(NodeId id, InboundHandler handler) {
        NettyTcpTransport t = new NettyTcpTransport(TcpTransportConfig.server(id, "127.0.0.1", 0), registry);
        t.start(handler);
        for (NettyTcpTransport other : all) {
          other.addPeer(id, new InetSocketAddress("127.0.0.1", t.boundPort()));
          t.addPeer(other.localId(), new InetSocketAddress("127.0.0.1", other.boundPort()));
        }
        all.add(t);
        return t;
      }

      @Override
      public boolean await(BooleanSupplier condition, Duration max) {
        return InVmTransportContractTest.awaitReal(condition, max);
      }

      @Override
      public void close() {
        all.forEach(NettyTcpTransport::close);
      }
    };
  }
}
