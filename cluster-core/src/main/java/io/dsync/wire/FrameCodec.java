package io.dsync.wire;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32C;

/**
 * Frame layout (version 1, big-endian), documented in docs/wire-protocol.md:
 *
 * <pre>
 * offset size field
 *  0     4    length: bytes after this field (header + body + optional CRC), at least 12
 *  4     1    protocol version (1)
 *  5     1    flags ({@link FrameFlags})
 *  6     2    message type id (unsigned, from the {@link MessageRegistry})
 *  8     8    correlation id (0 for one-way)
 * 16     n    body (the message codec's bytes)
 * 16+n   4    CRC32C of bytes 4 .. 16+n, only when the CRC flag is set
 * </pre>
 *
 * <p>Pure functions over buffers: no threads, no I/O. Thread-safe.
 */
public final class FrameCodec {
  /** The protocol version this code speaks. */
  public static final int PROTOCOL_VERSION = 1;
  /** Size of the length prefix. */
  public static final int LENGTH_FIELD_BYTES = 4;
  /** Header bytes after the length prefix (version, flags, type, correlation id). */
  public static final int HEADER_BYTES = 12;
  /** Size of the optional CRC trailer. */
  public static final int CRC_BYTES = 4;
  /** The smallest whole frame. */
  public static final int MIN_FRAME_BYTES = LENGTH_FIELD_BYTES + HEADER_BYTES;
  /** The default largest whole frame, length prefix included: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private FrameCodec() {}

  /**
   * Appends one frame to {@code out}. On any failure (an unregistered class, a codec error, a
   * frame larger than {@code maxFrameBytes}) the buffer's writer index is restored and the
   * exception propagates: {@link WireFormatException} for a too-large frame, {@link
   * IllegalStateException} for an unregistered class.
   *
   * @return the whole frame's size in bytes
   */
  public static int encode(
      ByteBuf out,
      int flags,
      long correlationId,
      Message message,
      MessageRegistry registry,
      boolean crc,
      int maxFrameBytes) {
    int start = out.writerIndex();
    int allFlags = crc ? flags | FrameFlags.CRC : flags & ~FrameFlags.CRC;
    try {
      FrameFlags.validate(allFlags, correlationId);
      MessageRegistry.Entry<Message> entry = entryOf(message, registry);
      out.writeInt(0);
      out.writeByte(PROTOCOL_VERSION);
      out.writeByte(allFlags);
      out.writeShort(entry.typeId());
      out.writeLong(correlationId);
      int bodyLimit = maxFrameBytes - MIN_FRAME_BYTES - (crc ? CRC_BYTES : 0);
      entry.codec().encode(message, new ByteBufWireOutput(out, Math.max(0, bodyLimit)));
      if (crc) {
        int covered = out.writerIndex() - start - LENGTH_FIELD_BYTES;
        out.writeInt(crc32c(out, start + LENGTH_FIELD_BYTES, covered));
      }
      int total = out.writerIndex() - start;
      if (total > maxFrameBytes) {
        throw tooLarge(total, maxFrameBytes);
      }
      out.setInt(start, total - LENGTH_FIELD_BYTES);
      return total;
    } catch (WireFormatException e) {
      out.writerIndex(start);
      if (e.getMessage() != null && e.getMessage().startsWith("message exceeds")) {
        throw new WireFormatException(
            message.getClass().getSimpleName() + " does not fit in a frame of " + maxFrameBytes + " bytes");
      }
      throw e;
    } catch (RuntimeException e) {
      out.writerIndex(start);
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static MessageRegistry.Entry<Message> entryOf(Message message, MessageRegistry registry) {
    return (MessageRegistry.Entry<Message>) registry.byType(message.getClass());
  }

  /**
   * Decodes the frame at the reader index of {@code in}, if it is complete, and moves the reader
   * index past it. Returns {@code null} (reading nothing) when more bytes are needed. A length
   * that cannot be right fails at once, without waiting for the bytes it announces.
   *
   * @throws WireFormatException for a bad length, version, flags, checksum, type id or body
   */
  public static Frame decode(ByteBuf in, MessageRegistry registry, int maxFrameBytes) {
    if (in.readableBytes() < LENGTH_FIELD_BYTES) {
      return null;
    }
    int start = in.readerIndex();
    long length = in.getUnsignedInt(start);
    if (length < HEADER_BYTES) {
      throw new WireFormatException("frame length " + length + " is below the header size " + HEADER_BYTES);
    }
    if (length + LENGTH_FIELD_BYTES > maxFrameBytes) {
      throw tooLarge(length + LENGTH_FIELD_BYTES, maxFrameBytes);
    }
    if (in.readableBytes() < LENGTH_FIELD_BYTES + length) {
      return null;
    }
    int headerStart = start + LENGTH_FIELD_BYTES;
    int version = in.getUnsignedByte(headerStart);
    if (version != PROTOCOL_VERSION) {
      throw new WireFormatException("unsupported protocol version " + version + " (this node speaks " + PROTOCOL_VERSION + ")");
    }
    int flags = in.getUnsignedByte(headerStart + 1);
    int typeId = in.getUnsignedShort(headerStart + 2);
    long correlationId = in.getLong(headerStart + 4);
    FrameFlags.validate(flags, correlationId);
    int bodyLength = (int) length - HEADER_BYTES;
    if ((flags & FrameFlags.CRC) != 0) {
      bodyLength -= CRC_BYTES;
      if (bodyLength < 0) {
        throw new WireFormatException("frame with crc flag is too short for its checksum");
      }
      int expected = in.getInt(headerStart + HEADER_BYTES + bodyLength);
      int actual = crc32c(in, headerStart, HEADER_BYTES + bodyLength);
      if (expected != actual) {
        throw new WireFormatException("checksum mismatch in a frame of type " + typeId);
      }
    }
    Message message =
        registry.decode(typeId, new ByteBufWireInput(in, headerStart + HEADER_BYTES, bodyLength));
    in.readerIndex(start + LENGTH_FIELD_BYTES + (int) length);
    return new Frame(version, flags, typeId, correlationId, message);
  }

  private static WireFormatException tooLarge(long size, int max) {
    return new WireFormatException("frame of " + size + " bytes exceeds the maximum of " + max);
  }

  static int crc32c(ByteBuf buf, int index, int length) {
    CRC32C crc = new CRC32C();
    if (buf.nioBufferCount() == 1) {
      crc.update(buf.nioBuffer(index, length));
    } else {
      byte[] copy = new byte[length];
      buf.getBytes(index, copy);
      crc.update(copy);
    }
    return (int) crc.getValue();
  }
}
