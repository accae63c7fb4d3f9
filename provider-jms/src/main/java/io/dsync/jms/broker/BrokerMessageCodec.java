package io.dsync.jms.broker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bytes of a {@link BrokerMessage}, used by the WAL and (later) the wire. Pure computation. */
public final class BrokerMessageCodec {
  private static final int VERSION = 1;

  private BrokerMessageCodec() {}

  /** Encodes a message. */
  public static byte[] encode(BrokerMessage m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (m.body() == null ? 0 : m.body().length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes a message to a stream. */
  public static void write(DataOutputStream out, BrokerMessage m) throws IOException {
    out.writeByte(VERSION);
    ValueCodec.writeString(out, m.messageId());
    out.writeLong(m.timestamp());
    ValueCodec.writeString(out, m.correlationId());
    ValueCodec.writeString(out, m.replyTo());
    ValueCodec.writeString(out, m.destination());
    out.writeBoolean(m.persistent());
    out.writeByte(m.priority());
    out.writeLong(m.expiration());
    out.writeLong(m.deliveryTime());
    ValueCodec.writeString(out, m.type());
    out.writeInt(m.properties().size());
    for (Map.Entry<String, Object> e : m.properties().entrySet()) {
      ValueCodec.writeString(out, e.getKey());
      ValueCodec.write(out, e.getValue());
    }
    out.writeByte(m.bodyType());
    ValueCodec.write(out, m.body());
    ValueCodec.writeString(out, m.originConnection());
  }

  /** Decodes a message. */
  public static BrokerMessage decode(byte[] data) {
    try {
      return read(new DataInputStream(new ByteArrayInputStream(data)));
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt message record: " + e.getMessage(), e);
    }
  }

  /** Reads a message from a stream. */
  public static BrokerMessage read(DataInputStream in) throws IOException {
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("unknown message version " + version);
    }
    String id = ValueCodec.readString(in);
    long ts = in.readLong();
    String corr = ValueCodec.readString(in);
    String replyTo = ValueCodec.readString(in);
    String dest = ValueCodec.readString(in);
    boolean persistent = in.readBoolean();
    int priority = in.readByte();
    long expiration = in.readLong();
    long deliveryTime = in.readLong();
    String type = ValueCodec.readString(in);
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new IOException("bad property count " + n);
    }
    Map<String, Object> props = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      props.put(ValueCodec.readString(in), ValueCodec.read(in));
    }
    byte bodyType = in.readByte();
    byte[] body = (byte[]) ValueCodec.read(in);
    String origin = ValueCodec.readString(in);
    return new BrokerMessage(
        id, ts, corr, replyTo, dest, persistent, priority, expiration, deliveryTime, type, props,
        bodyType, body, origin);
  }
}
