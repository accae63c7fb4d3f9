package io.dsync.net;

import io.dsync.wire.FrameCodec;
import io.dsync.wire.FrameFlags;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of frames waiting for one connection, and the batching that empties it.
 *
 * <p>Any thread may {@link #offer}; a full queue refuses (never blocks). At most one drain task is
 * scheduled on the channel's event loop at a time; it encodes every queued frame into a few large
 * buffers and flushes once, so that many sends made between two event-loop turns cost one
 * system call. A drain stops when the channel is not writable (Netty's water marks) and resumes
 * on the writability change.
 */
final class OutboundQueue {
  private static final Logger log = LoggerFactory.getLogger(OutboundQueue.class);
  /** Frames are packed into buffers of about this size before being written. */
  static final int BATCH_BYTES = 64 * 1024;
  /** First size of a batch buffer: small enough for the allocator's thread cache. */
  static final int INITIAL_BUFFER_BYTES = 4096;
  /** One drain writes at most this many frames before yielding the event loop. */
  static final int MAX_FRAMES_PER_DRAIN = 4096;

  /** Told about a frame that could not be sent (request ids fail fast this way). */
  interface FailureListener {
    void onUnsent(OutboundFrame frame, RuntimeException cause);
  }

  private final Queue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final int capacity;
  private final MessageRegistry registry;
  private final boolean crc;
  private final int maxFrameBytes;
  private final TransportCounters counters;
  private final FailureListener failures;
  private volatile Channel channel;

  OutboundQueue(
      int capacity,
      MessageRegistry registry,
      boolean crc,
      int maxFrameBytes,
      TransportCounters counters,
      FailureListener failures) {
    this.capacity = capacity;
    this.registry = registry;
    this.crc = crc;
    this.maxFrameBytes = maxFrameBytes;
    this.counters = counters;
    this.failures = failures;
  }

  /** Queues a frame; false (and counted) when the queue is full. */
  boolean offer(OutboundFrame frame) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      counters.droppedQueueFull.increment();
      return false;
    }
    queue.add(frame);
    scheduleDrain();
    return true;
  }

  /** Whether an offer would be accepted now. */
  boolean hasRoom() {
    return size.get() < capacity;
  }

  int size() {
    return size.get();
  }

  /** Starts writing to {@code ch} (connected and handshake written). */
  void attach(Channel ch) {
    channel = ch;
    scheduleDrain();
  }

  /** Stops writing to {@code ch} if it is the current channel. */
  void detach(Channel ch) {
    if (channel == ch) {
      channel = null;
    }
  }

  /** Discards every queued frame (counted); returns how many. */
  int clear() {
    int dropped = 0;
    OutboundFrame frame;
    while ((frame = queue.poll()) != null) {
      size.decrementAndGet();
      dropped++;
    }
    counters.droppedDisconnected.add(dropped);
    return dropped;
  }

  void scheduleDrain() {
    Channel ch = channel;
    if (ch != null && !queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      ch.eventLoop().execute(() -> drain(ch));
    }
  }

  private void drain(Channel ch) {
    drainScheduled.set(false);
    if (channel != ch || !ch.isActive()) {
      return;
    }
    ByteBuf buf = null;
    int frames = 0;
    try {
      while (ch.isWritable() && frames < MAX_FRAMES_PER_DRAIN) {
        OutboundFrame frame = queue.poll();
        if (frame == null) {
          break;
        }
        size.decrementAndGet();
        if (buf == null) {
          buf = ch.alloc().ioBuffer(INITIAL_BUFFER_BYTES);
        }
        if (encode(buf, frame)) {
          frames++;
        }
        if (buf.readableBytes() >= BATCH_BYTES) {
          ch.write(buf, ch.voidPromise());
          buf = null;
        }
      }
    } finally {
      if (buf != null) {
        if (buf.isReadable()) {
          ch.write(buf, ch.voidPromise());
        } else {
          buf.release();
        }
      }
    }
    if (frames > 0) {
      counters.framesSent.add(frames);
      counters.flushes.increment();
      ch.flush();
    }
    if (frames >= MAX_FRAMES_PER_DRAIN && ch.isWritable()) {
      scheduleDrain();
    }
  }

  private boolean encode(ByteBuf buf, OutboundFrame frame) {
    try {
      FrameCodec.encode(
          buf, frame.flags(), frame.correlationId(), frame.message(), registry, crc, maxFrameBytes);
      return true;
    } catch (WireFormatException e) {
      counters.droppedTooLarge.increment();
      log.warn("not sent: {} ({})", e.getMessage(), FrameFlags.describe(frame.flags()));
      failures.onUnsent(frame, e);
      return false;
    } catch (RuntimeException e) {
      log.error("not sent: encoding {} failed", frame.message().getClass().getName(), e);
      failures.onUnsent(frame, e);
      return false;
    }
  }
}
