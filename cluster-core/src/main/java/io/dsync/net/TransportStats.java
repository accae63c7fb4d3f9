package io.dsync.net;

/**
 * Counters of one transport since it was created, for metrics and tests. Immutable snapshot.
 *
 * @param framesSent frames written to connections (messages, requests, responses)
 * @param flushes socket flushes; {@code framesSent / flushes} is the mean batch size
 * @param framesReceived frames received and dispatched, handshakes excluded
 * @param droppedQueueFull sends dropped because the peer's bounded outbound queue was full
 * @param droppedNoRoute sends dropped because no connection or address exists for the peer
 * @param droppedDisconnected queued frames discarded when a connection failed or closed
 * @param droppedTooLarge frames not sent because they exceed the maximum frame size
 * @param protocolErrors connections closed for malformed input
 * @param connectFailures outbound connection attempts that failed
 */
public record TransportStats(
    long framesSent,
    long flushes,
    long framesReceived,
    long droppedQueueFull,
    long droppedNoRoute,
    long droppedDisconnected,
    long droppedTooLarge,
    long protocolErrors,
    long connectFailures) {

  /** Every kind of dropped send together. */
  public long dropped() {
    return droppedQueueFull + droppedNoRoute + droppedDisconnected + droppedTooLarge;
  }
}
