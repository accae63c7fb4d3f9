package io.dsync.jms.wal;

import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.BrokerMessageCodec;
import io.dsync.jms.broker.LogRecord;
import io.dsync.jms.broker.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** Bytes of a {@link LogRecord}: a type byte, the fields, and a CRC-32 of both at the end. */
public final class LogRecordCodec {
  private static final int COMMIT = 1;
  private static final int CONSUMED = 2;
  private static final int SUB_ADDED = 3;
  private static final int SUB_REMOVED = 4;

  private LogRecordCodec() {}

  /** Encodes a record. */
  public static byte[] encode(LogRecord r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (r instanceof LogRecord.Commit c) {
        out.writeByte(COMMIT);
        out.writeInt(c.stored().size());
        for (LogRecord.Stored s : c.stored()) {
          ValueCodec.writeString(out, s.queue());
          out.writeLong(s.seq());
          BrokerMessageCodec.write(out, s.message());
        }
        out.writeInt(c.acks().size());
        for (AckRef a : c.acks()) {
          ValueCodec.writeString(out, a.queue());
          out.writeLong(a.seq());
        }
      } else if (r instanceof LogRecord.Consumed c) {
        out.writeByte(CONSUMED);
        ValueCodec.writeString(out, c.ref().queue());
        out.writeLong(c.ref().seq());
      } else if (r instanceof LogRecord.SubscriptionAdded s) {
        out.writeByte(SUB_ADDED);
        ValueCodec.writeString(out, s.queue());
        ValueCodec.writeString(out, s.topic());
        ValueCodec.writeString(out, s.selector());
        out.writeBoolean(s.noLocal());
        out.writeBoolean(s.shared());
      } else if (r instanceof LogRecord.SubscriptionRemoved s) {
        out.writeByte(SUB_REMOVED);
        ValueCodec.writeString(out, s.queue());
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a record; IllegalArgumentException for a bad checksum or unknown type. */
  public static LogRecord decode(byte[] data) {
    if (data.length < 5) {
      throw new IllegalArgumentException("WAL record too short: " + data.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    int stored = ((data[data.length - 4] & 0xff) << 24) | ((data[data.length - 3] & 0xff) << 16)
        | ((data[data.length - 2] & 0xff) << 8) | (data[data.length - 1] & 0xff);
    if ((int) crc.getValue() != stored) {
      throw new IllegalArgumentException("WAL record checksum mismatch");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 4))) {
      int type = in.readUnsignedByte();
      switch (type) {
        case COMMIT: {
          int n = in.readInt();
          List<LogRecord.Stored> st = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            st.add(new LogRecord.Stored(ValueCodec.readString(in), in.readLong(), BrokerMessageCodec.read(in)));
          }
          int m = in.readInt();
          List<AckRef> acks = new ArrayList<>(m);
          for (int i = 0; i < m; i++) {
            acks.add(new AckRef(ValueCodec.readString(in), in.readLong()));
          }
          return new LogRecord.Commit(st, acks);
        }
        case CONSUMED:
          return new LogRecord.Consumed(new AckRef(ValueCodec.readString(in), in.readLong()));
        case SUB_ADDED:
          return new LogRecord.SubscriptionAdded(ValueCodec.readString(in), ValueCodec.readString(in),
              ValueCodec.readString(in), in.readBoolean(), in.readBoolean());
        case SUB_REMOVED:
          return new LogRecord.SubscriptionRemoved(ValueCodec.readString(in));
        default:
          throw new IllegalArgumentException("unknown WAL record type " + type);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt WAL record: " + e.getMessage(), e);
    }
  }
}
