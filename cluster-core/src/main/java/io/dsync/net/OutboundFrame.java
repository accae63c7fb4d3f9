package io.dsync.net;

import io.dsync.wire.Message;

/** A frame waiting in an outbound queue. */
record OutboundFrame(int flags, long correlationId, Message message) {}
