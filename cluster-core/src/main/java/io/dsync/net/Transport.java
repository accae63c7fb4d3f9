package io.dsync.net;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Moves {@link Message}s between nodes (and between clients and nodes). Three implementations
 * share this contract: TCP on Netty, in-VM, and the simulated network of the tests; protocol code
 * never knows which one it runs on.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #send} neither throws nor blocks for anything the network or the peer does. A
 *       message may be lost (peer down, queue full, connection broken); loss shows up to the
 *       caller as a timeout, never as an exception. Programmer errors fail fast instead: a null
 *       argument ({@link NullPointerException}) or a message class with no registered codec
 *       ({@link IllegalArgumentException}).
 *   <li>Messages from one sender to one receiver arrive in the order sent, unless lost (the
 *       simulated network may break this on purpose to test the protocols above it).
 *   <li>Inbound messages are handed to the {@link InboundHandler} on a transport thread; the
 *       handler must not block.
 * </ul>
 * Implementations are thread-safe.
 */
public interface Transport extends AutoCloseable {

  /** The id this transport speaks as. */
  NodeId localId();

  /** Starts delivering inbound messages to {@code handler}; call once, before sending. */
  void start(InboundHandler handler);

  /**
   * Sends one message, fire and forget. Never blocks; throws only for programmer errors (see the
   * class comment).
   */
  void send(NodeId to, Message message);

  /**
   * Sends a request and completes with the peer's response, or exceptionally with {@link
   * java.util.concurrent.TimeoutException} after {@code timeout}, or with {@link RemoteException}
   * when the peer answered with an error. A timed-out request may still have been processed.
   */
  CompletableFuture<Message> request(NodeId to, Message request, Duration timeout);

  /**
   * Whether a send to this peer would be queued now. False when its bounded outbound queue is
   * full: callers that produce bulk traffic back off instead of losing messages.
   */
  default boolean isWritable(NodeId to) {
    return true;
  }

  /**
   * The single-threaded executor that delivers messages from the other nodes and writes to them,
   * when this transport has one (an event loop): a protocol driver may run its own work there so
   * that its sends and receives need no thread hand-off. Tasks on it must be short and must never
   * block — they hold up the node's I/O. Empty by default. Must not be shut down by its users.
   */
  default Optional<ScheduledExecutorService> peerExecutor() {
    return Optional.empty();
  }

  /** Stops accepting and closes every connection; pending requests fail. Idempotent. */
  @Override
  void close();
}
