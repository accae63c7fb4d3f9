package io.dsync.jms.link;

import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.ConsumerSpec;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.DestinationKey;
import jakarta.jms.JMSException;
import java.util.List;

/**
 * One JMS connection's channel to a broker. Thread-safe. Methods that change broker state block
 * until the change is confirmed (for persistent messages: written to the WAL per its fsync
 * policy); a failure leaves the outcome unknown only when it says so.
 */
public interface BrokerLink extends AutoCloseable {

  /** A broker-unique id of this connection (used for noLocal and temporary destinations). */
  String connectionId();

  /** Claims a client id; InvalidClientIDException when another connection holds it. */
  void claimClientId(String clientId) throws JMSException;

  /** Stores messages and acknowledges entries atomically (a send or a transaction commit). */
  void commit(List<BrokerMessage> messages, List<AckRef> acks) throws JMSException;

  /**
   * Starts {@link #commit} without blocking the caller, when the broker can take the change at
   * once: the returned future completes when the change is confirmed (when {@code commit} would
   * have returned) or fails with the {@link JMSException} {@code commit} would have thrown. Empty
   * when the change would have to wait (a destination is full, so flow control holds the
   * sender): nothing was changed, and the caller uses {@code commit} from a thread that may
   * block. The default is always empty.
   *
   * @throws JMSException when the change is refused at once (as {@code commit} would throw it)
   */
  default java.util.Optional<java.util.concurrent.CompletableFuture<Void>> tryCommitAsync(
      List<BrokerMessage> messages, List<AckRef> acks) throws JMSException {
    return java.util.Optional.empty();
  }

  /**
   * Sends one non-persistent message outside a transaction, possibly without waiting for the
   * broker: a remote link may return before the broker has it (JMS allows this for
   * non-persistent messages), bounding how many such sends are unanswered; a failure is then
   * reported to the connection's ExceptionListener and thrown by the next send or commit. The
   * default waits, like {@link #commit}.
   */
  default void sendNoWait(BrokerMessage message) throws JMSException {
    commit(List.of(message), List.of());
  }

  /** Adds a consumer; deliveries for it go to the sink. */
  void createConsumer(ConsumerSpec spec, DeliverySink sink) throws JMSException;

  /** Removes a consumer; its unconsumed deliveries go back to the queue. */
  void closeConsumer(long consumerId);

  /**
   * Tells the broker that the application took a delivery (returns one prefetch credit); returns
   * once the broker has logged it, so a crash after this call redelivers it with JMSRedelivered.
   */
  void consumed(long consumerId, AckRef ref);

  /**
   * Like {@link #consumed} without waiting for the log: for AUTO/DUPS_OK sessions, whose
   * acknowledgement (logged after it) follows at once.
   */
  default void consumedNoWait(long consumerId, AckRef ref) {
    consumed(consumerId, ref);
  }

  /**
   * AUTO_ACKNOWLEDGE: the application took a delivery and it is acknowledged at once. A remote
   * link sends both one way without waiting (a lost acknowledgement means the message comes back
   * after a failure, which AUTO_ACKNOWLEDGE allows); the default logs nothing extra and waits
   * for the acknowledgement like {@link #acknowledge}.
   */
  default void consumedAndAcknowledged(long consumerId, AckRef ref) throws JMSException {
    consumedNoWait(consumerId, ref);
    acknowledge(List.of(ref));
  }

  /** Acknowledges entries. */
  void acknowledge(List<AckRef> refs) throws JMSException;

  /**
   * Acknowledges entries for AUTO_ACKNOWLEDGE listeners and DUPS_OK batches; a remote link sends
   * it one way, in order with the connection's later requests (a lost acknowledgement means a
   * redelivery after a failure, which these modes allow). The default waits like {@link
   * #acknowledge}.
   */
  default void acknowledgeNoWait(List<AckRef> refs) throws JMSException {
    acknowledge(refs);
  }

  /** Gives entries back for redelivery. */
  void release(List<AckRef> refs);

  /** The ready messages of a queue that a selector picks. */
  List<Delivery> browse(DestinationKey queue, String selector) throws JMSException;

  /** Creates a temporary queue or topic owned by this connection. */
  DestinationKey createTemporary(boolean topic) throws JMSException;

  /** Deletes a temporary destination of this connection. */
  void deleteTemporary(DestinationKey key) throws JMSException;

  /** Deletes a durable subscription. */
  void unsubscribe(String clientId, String name) throws JMSException;

  /** A new consumer id, unique within the broker. */
  long newConsumerId();

  /** The broker's largest accepted message size, in bytes (approximate encoded size). */
  int maxMessageBytes();

  /**
   * Where to report that the link broke on its own (for example the node's connection dropped);
   * the connection passes it to its ExceptionListener. Embedded links never break.
   */
  default void onFailure(java.util.function.Consumer<JMSException> listener) {}

  /** Why the link broke on its own (see {@link #onFailure}), or null while it works. */
  default JMSException failure() {
    return null;
  }

  /** Closes the link: consumers and temporary destinations go. */
  @Override
  void close();
}
