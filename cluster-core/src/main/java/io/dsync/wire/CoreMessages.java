package io.dsync.wire;

/**
 * The transport's own messages, ids 1–9 of the cluster-core range: {@link Handshake} (1) and
 * {@link ErrorResponse} (2). Every transport registers them in its registry on construction.
 */
public final class CoreMessages {
  /** Last id reserved for the wire layer; the cluster package starts above it. */
  public static final int LAST_ID = 9;

  private CoreMessages() {}

  /** Registers the core messages; safe to call more than once. */
  public static MessageRegistry register(MessageRegistry registry) {
    registry.register(Handshake.TYPE_ID, Handshake.class, Handshake.CODEC);
    registry.register(ErrorResponse.TYPE_ID, ErrorResponse.class, ErrorResponse.CODEC);
    return registry;
  }
}
