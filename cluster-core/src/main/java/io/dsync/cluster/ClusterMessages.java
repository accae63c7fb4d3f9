package io.dsync.cluster;

import io.dsync.wire.MessageRegistry;

/**
 * The membership messages and their type ids. This package uses ids 10–29 of the cluster-core
 * range 1–99 (the transport's handshake and error messages use lower ids).
 */
public final class ClusterMessages {
  /** First id of this package's range. */
  public static final int FIRST_ID = 10;
  /** Last id of this package's range. */
  public static final int LAST_ID = 29;

  private ClusterMessages() {}

  /** Registers every membership message; safe to call more than once. */
  public static MessageRegistry register(MessageRegistry registry) {
    return registry.register(Heartbeat.TYPE_ID, Heartbeat.class, Heartbeat.CODEC);
  }
}
