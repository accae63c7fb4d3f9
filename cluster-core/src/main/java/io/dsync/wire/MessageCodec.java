package io.dsync.wire;

/**
 * Turns one message type into bytes and back. Codecs are stateless and thread-safe.
 *
 * @param <T> the message type
 */
public interface MessageCodec<T extends Message> {

  /** Writes the message body (the frame header is written by the transport). */
  void encode(T message, WireOutput out);

  /**
   * Reads a message body. Must consume exactly the body's bytes and throw {@link
   * WireFormatException} on anything malformed, never any other exception for bad bytes.
   */
  T decode(WireInput in);
}
