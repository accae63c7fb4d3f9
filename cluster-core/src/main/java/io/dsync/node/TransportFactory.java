package io.dsync.node;

import io.dsync.net.Transport;
import io.dsync.wire.MessageRegistry;

/** Makes a node's transport from its configuration and the node's one message registry. */
@FunctionalInterface
public interface TransportFactory {

  /** A new, not yet started transport speaking as {@code config.nodeId()}. */
  Transport create(NodeConfig config, MessageRegistry registry);
}
