package io.dsync.jms.link;

import io.dsync.jms.broker.Delivery;

/** Receives a consumer's deliveries. Called in dispatch order; must not block or call the link. */
@FunctionalInterface
public interface DeliverySink {
  /** Takes one delivery. */
  void deliver(Delivery delivery);
}
