package io.dsync.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the event-loop flavour: Linux native epoll when {@code netty-transport-native-epoll}
 * (with its {@code linux-x86_64} or {@code linux-aarch_64} classifier) is on the class path and
 * loads, else NIO. Loaded by reflection so that cluster-core does not depend on the native jar;
 * add it to the class path of a server (or a benchmark) to use it.
 */
final class EventLoops {
  private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

  final IoHandlerFactory ioHandlerFactory;
  final Class<? extends Channel> socketChannel;
  final Class<? extends ServerChannel> serverChannel;
  final String name;

  private EventLoops(IoHandlerFactory factory, Class<? extends Channel> socket,
      Class<? extends ServerChannel> server, String name) {
    this.ioHandlerFactory = factory;
    this.socketChannel = socket;
    this.serverChannel = server;
    this.name = name;
  }

  static EventLoops choose(boolean allowNative) {
    if (allowNative) {
      EventLoops epoll = epoll();
      if (epoll != null) {
        return epoll;
      }
    }
    return new EventLoops(NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class, "nio");
  }

  @SuppressWarnings("unchecked")
  private static EventLoops epoll() {
    try {
      Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
      if (!(Boolean) epoll.getMethod("isAvailable").invoke(null)) {
        return null;
      }
      IoHandlerFactory factory = (IoHandlerFactory)
          Class.forName("io.netty.channel.epoll.EpollIoHandler").getMethod("newFactory").invoke(null);
      return new EventLoops(factory,
          (Class<? extends Channel>) Class.forName("io.netty.channel.epoll.EpollSocketChannel"),
          (Class<? extends ServerChannel>) Class.forName("io.netty.channel.epoll.EpollServerSocketChannel"),
          "epoll");
    } catch (ClassNotFoundException e) {
      return null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.debug("native epoll not usable, using NIO: {}", e.toString());
      return null;
    }
  }

  EventLoopGroup newGroup(int threads, ThreadFactory threadFactory, EventExecutorChooserFactory chooser) {
    return new MultiThreadIoEventLoopGroup(threads, new ThreadPerTaskExecutor(threadFactory), chooser, ioHandlerFactory);
  }
}
