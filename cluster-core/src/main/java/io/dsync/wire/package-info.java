/**
 * The one place that knows bytes: the frame format ({@link io.dsync.wire.FrameCodec}, documented
 * in docs/wire-protocol.md), the message registry and codecs, and the transport's own messages.
 *
 * <p>Invariants: decoding never throws anything but {@link io.dsync.wire.WireFormatException}
 * for bad bytes; a frame is consumed only when it decodes whole; a too-large length fails before
 * its bytes are buffered; encoding either appends a whole valid frame or leaves the buffer as it
 * was. No threads, clocks or I/O here.
 */
package io.dsync.wire;
