package io.dsync.wire;

/**
 * One decoded frame: header fields and the decoded message body.
 *
 * @param version the protocol version the sender wrote
 * @param flags the {@link FrameFlags} bits
 * @param typeId the message type id from the {@link MessageRegistry}
 * @param correlationId pairs a response with its request; 0 for one-way frames
 * @param message the decoded body
 */
public record Frame(int version, int flags, int typeId, long correlationId, Message message) {

  /** Whether this is a request that expects a response. */
  public boolean isRequest() {
    return FrameFlags.kind(flags) == FrameFlags.REQUEST;
  }

  /** Whether this answers a request (successfully or with an error). */
  public boolean isResponse() {
    return FrameFlags.kind(flags) == FrameFlags.RESPONSE;
  }

  /** Whether this is an error response. */
  public boolean isError() {
    return (flags & FrameFlags.ERROR) != 0;
  }
}
