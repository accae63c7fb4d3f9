package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

/**
 * An {@link InboundHandler} for tests: records what arrives and answers requests with a function
 * of (from, request); a null answer leaves the request unanswered.
 */
public final class RecordingHandler implements InboundHandler {
  /** One received message. */
  public record Received(NodeId from, Message message) {}

  public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  public final List<NodeId> disconnected = new CopyOnWriteArrayList<>();
  private final BiFunction<NodeId, Message, Message> responder;

  public RecordingHandler(BiFunction<NodeId, Message, Message> responder) {
    this.responder = responder;
  }

  /** Echoes every request back. */
  public static RecordingHandler echo() {
    return new RecordingHandler((from, m) -> m);
  }

  /** Never answers. */
  public static RecordingHandler silent() {
    return new RecordingHandler((from, m) -> null);
  }

  @Override
  public void onMessage(NodeId from, Message message, Reply reply) {
    received.add(new Received(from, message));
    if (reply.expected()) {
      Message answer = responder.apply(from, message);
      if (answer != null) {
        reply.respond(answer);
      }
    }
  }

  @Override
  public void onDisconnected(NodeId peer) {
    disconnected.add(peer);
  }

  /** Messages received so far, in order. */
  public List<Message> messages() {
    return received.stream().map(Received::message).toList();
  }
}
