package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;

/** Receives what a {@link Transport} delivers. Called on transport threads: never block. */
public interface InboundHandler {

  /**
   * One inbound message. For a request, answer through {@code reply} (now or later, from any
   * thread); for a one-way message {@code reply.expected()} is false and answering does nothing.
   */
  void onMessage(NodeId from, Message message, Reply reply);

  /** The connection to {@code peer} is gone (a client disconnected, a node died). */
  default void onDisconnected(NodeId peer) {}
}
