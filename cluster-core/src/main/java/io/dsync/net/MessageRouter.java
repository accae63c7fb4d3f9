package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each inbound message to the handler registered for its class, so that several services
 * can share one transport. A request of an unrouted class is answered with error {@code
 * unknown_message}; a one-way one is logged and dropped. Thread-safe.
 */
public final class MessageRouter implements InboundHandler {
  private static final Logger log = LoggerFactory.getLogger(MessageRouter.class);

  /** Handles one message class. */
  @FunctionalInterface
  public interface Handler<T extends Message> {
    void handle(NodeId from, T message, Reply reply);
  }

  private final Map<Class<?>, Handler<?>> handlers = new ConcurrentHashMap<>();
  private final List<InboundHandler> disconnectListeners = new CopyOnWriteArrayList<>();

  /** Routes messages of exactly this class to {@code handler}; one handler per class. */
  public <T extends Message> void route(Class<T> type, Handler<? super T> handler) {
    if (handlers.putIfAbsent(type, handler) != null) {
      throw new IllegalStateException("a handler is routed already for " + type.getName());
    }
  }

  /** Removes the handler of a class (a stopping service). */
  public void unroute(Class<? extends Message> type) {
    handlers.remove(type);
  }

  /** Called with {@link InboundHandler#onDisconnected} of every lost peer. */
  public void onDisconnect(InboundHandler listener) {
    disconnectListeners.add(listener);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void onMessage(NodeId from, Message message, Reply reply) {
    Handler handler = handlers.get(message.getClass());
    if (handler == null) {
      if (reply.expected()) {
        reply.fail("unknown_message", "no handler for " + message.getClass().getSimpleName());
      } else {
        log.debug("dropped {} from {}: no handler", message.getClass().getSimpleName(), from);
      }
      return;
    }
    try {
      handler.handle(from, message, reply);
    } catch (RuntimeException e) {
      log.error("handler of {} failed on a message from {}", message.getClass().getSimpleName(), from, e);
      if (reply.expected()) {
        reply.fail("internal", String.valueOf(e.getMessage()));
      }
    }
  }

  @Override
  public void onDisconnected(NodeId peer) {
    for (InboundHandler listener : disconnectListeners) {
      listener.onDisconnected(peer);
    }
  }
}
