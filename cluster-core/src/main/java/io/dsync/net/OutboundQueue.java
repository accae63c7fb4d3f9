package io.dsync.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queue of encoded frames waiting for one connection, and the batching that empties
 * it.
 *
 * <p>Any thread may {@link #offer}; a queue over its message or byte bound refuses (never
 * blocks). At most one drain task is scheduled on the channel's event loop at a time; it copies
 * every queued frame into a few large buffers and flushes once, so that many sends made between
 * two event-loop turns cost one system call. A drain stops when the channel is not writable
 * (Netty's water marks) and resumes on the writability change.
 */
final class OutboundQueue {
  /** Frames are packed into buffers of about this size before being written. */
  static final int BATCH_BYTES = 64 * 1024;
  /** First size of a batch buffer: small enough for the allocator's thread cache. */
  static final int INITIAL_BUFFER_BYTES = 4096;
  /** One drain writes at most this many frames before yielding the event loop. */
  static final int MAX_FRAMES_PER_DRAIN = 4096;

  private final Queue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final int capacity;
  private final long capacityBytes;
  private final TransportCounters counters;
  private volatile Channel channel;

  OutboundQueue(int capacity, long capacityBytes, TransportCounters counters) {
    this.capacity = capacity;
    this.capacityBytes = capacityBytes;
    this.counters = counters;
  }

  /** Queues a frame; false (and counted) when the queue is full. */
  boolean offer(OutboundFrame frame) {
    int length = frame.bytes().length;
    if (size.incrementAndGet() > capacity | bytes.addAndGet(length) > capacityBytes) {
      size.decrementAndGet();
      bytes.addAndGet(-length);
      counters.droppedQueueFull.increment();
      return false;
    }
    queue.add(frame);
    scheduleDrain();
    return true;
  }

  /**
   * Whether senders should go on: false once the queue holds its message bound, or more than 7/8
   * of its byte bound (a high-water mark, so that a producer of large frames backs off before its
   * frames start being refused).
   */
  boolean hasRoom() {
    return size.get() < capacity && bytes.get() < capacityBytes - capacityBytes / 8;
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
      taken(frame);
      dropped++;
    }
    counters.droppedDisconnected.add(dropped);
    return dropped;
  }

  private void taken(OutboundFrame frame) {
    size.decrementAndGet();
    bytes.addAndGet(-frame.bytes().length);
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
        taken(frame);
        frames++;
        byte[] encoded = frame.bytes();
        if (encoded.length >= BATCH_BYTES) {
          // a large frame goes out as it is, without a copy into pooled memory
          if (buf != null) {
            ch.write(buf, ch.voidPromise());
            buf = null;
          }
          ch.write(Unpooled.wrappedBuffer(encoded), ch.voidPromise());
          continue;
        }
        if (buf == null) {
          buf = ch.alloc().ioBuffer(Math.max(INITIAL_BUFFER_BYTES, encoded.length));
        }
        buf.writeBytes(encoded);
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
}
