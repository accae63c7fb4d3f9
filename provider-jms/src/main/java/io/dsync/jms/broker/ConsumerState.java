package io.dsync.jms.broker;

import io.dsync.jms.selector.Selector;

/** A consumer as the engine tracks it. Mutable; engine-private. */
final class ConsumerState {
  final ConsumerSpec spec;
  final MessageQueue queue;
  /** Applied at dispatch for queue consumers; subscriptions filter at publish instead. */
  final Selector dispatchSelector;
  int credit;

  ConsumerState(ConsumerSpec spec, MessageQueue queue, Selector dispatchSelector) {
    this.spec = spec;
    this.queue = queue;
    this.dispatchSelector = dispatchSelector;
    this.credit = Math.max(1, spec.prefetch());
  }
}
