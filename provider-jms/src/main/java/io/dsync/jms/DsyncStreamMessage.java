package io.dsync.jms;

import io.dsync.jms.broker.BodyType;
import io.dsync.jms.broker.ValueCodec;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A message whose body is a sequence of typed values (§3.11.6), read with the conversion table
 * of §3.11.3; a failed conversion leaves the position unchanged. Not thread-safe.
 */
public final class DsyncStreamMessage extends DsyncMessage implements StreamMessage {
  private final List<Object> values = new ArrayList<>();
  private int position;
  /** Offset into a byte[] item being read piecewise by readBytes, or -1. */
  private int bytesOffset = -1;

  /** An empty, writable stream message. */
  public DsyncStreamMessage() {}

  private interface Convert<T> {
    T apply(Object v) throws JMSException;
  }

  private <T> T next(Convert<T> convert) throws JMSException {
    checkReadable();
    if (bytesOffset >= 0) {
      throw new MessageFormatException("finish reading the byte[] field with readBytes first");
    }
    if (position >= values.size()) {
      throw new MessageEOFException("end of the stream message");
    }
    T v = convert.apply(values.get(position));
    position++;
    return v;
  }

  @Override
  public boolean readBoolean() throws JMSException {
    return next(PropertyValues::toBoolean);
  }

  @Override
  public byte readByte() throws JMSException {
    return next(PropertyValues::toByte);
  }

  @Override
  public short readShort() throws JMSException {
    return next(PropertyValues::toShort);
  }

  @Override
  public char readChar() throws JMSException {
    return next(PropertyValues::toChar);
  }

  @Override
  public int readInt() throws JMSException {
    return next(PropertyValues::toInt);
  }

  @Override
  public long readLong() throws JMSException {
    return next(PropertyValues::toLong);
  }

  @Override
  public float readFloat() throws JMSException {
    return next(PropertyValues::toFloat);
  }

  @Override
  public double readDouble() throws JMSException {
    return next(PropertyValues::toDouble);
  }

  @Override
  public String readString() throws JMSException {
    return next(v -> v instanceof Character c ? c.toString() : PropertyValues.toStringValue(v));
  }

  @Override
  public Object readObject() throws JMSException {
    return next(v -> v instanceof byte[] b ? b.clone() : v);
  }

  @Override
  public int readBytes(byte[] value) throws JMSException {
    checkReadable();
    if (position >= values.size()) {
      throw new MessageEOFException("end of the stream message");
    }
    Object v = values.get(position);
    if (v == null) {
      position++;
      return -1;
    }
    if (!(v instanceof byte[] b)) {
      throw new MessageFormatException("the next field is a " + v.getClass().getSimpleName() + ", not byte[]");
    }
    int offset = Math.max(bytesOffset, 0);
    if (offset >= b.length) {
      bytesOffset = -1;
      position++;
      return -1;
    }
    int n = Math.min(value.length, b.length - offset);
    System.arraycopy(b, offset, value, 0, n);
    bytesOffset = offset + n;
    if (bytesOffset >= b.length && n < value.length) {
      bytesOffset = -1;
      position++;
    }
    return n;
  }

  private void add(Object v) throws JMSException {
    checkWritable();
    values.add(v);
  }

  @Override
  public void writeBoolean(boolean value) throws JMSException {
    add(value);
  }

  @Override
  public void writeByte(byte value) throws JMSException {
    add(value);
  }

  @Override
  public void writeShort(short value) throws JMSException {
    add(value);
  }

  @Override
  public void writeChar(char value) throws JMSException {
    add(value);
  }

  @Override
  public void writeInt(int value) throws JMSException {
    add(value);
  }

  @Override
  public void writeLong(long value) throws JMSException {
    add(value);
  }

  @Override
  public void writeFloat(float value) throws JMSException {
    add(value);
  }

  @Override
  public void writeDouble(double value) throws JMSException {
    add(value);
  }

  @Override
  public void writeString(String value) throws JMSException {
    add(value);
  }

  @Override
  public void writeBytes(byte[] value) throws JMSException {
    add(value == null ? null : value.clone());
  }

  @Override
  public void writeBytes(byte[] value, int offset, int length) throws JMSException {
    byte[] b = new byte[length];
    System.arraycopy(value, offset, b, 0, length);
    add(b);
  }

  @Override
  public void writeObject(Object value) throws JMSException {
    if (!PropertyValues.isBodyValueType(value)) {
      throw new MessageFormatException("a stream message cannot hold a " + value.getClass().getName());
    }
    add(value instanceof byte[] b ? b.clone() : value);
  }

  @Override
  public void reset() throws JMSException {
    bodyReadOnly = true;
    position = 0;
    bytesOffset = -1;
  }

  @Override
  public void clearBody() throws JMSException {
    super.clearBody();
    values.clear();
    position = 0;
    bytesOffset = -1;
  }

  @Override
  void markReceived() throws JMSException {
    super.markReceived();
    position = 0;
    bytesOffset = -1;
  }

  @Override
  boolean hasBody() {
    return true;
  }

  @Override
  public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
    return false;
  }

  @Override
  public <T> T getBody(Class<T> c) throws JMSException {
    throw new MessageFormatException("the body of a StreamMessage cannot be returned by getBody");
  }

  @Override
  byte[] encodeBody() throws JMSException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(values.size());
      for (Object v : values) {
        ValueCodec.write(out, v);
      }
    } catch (IOException e) {
      throw new JMSException("cannot encode the stream: " + e);
    }
    return bytes.toByteArray();
  }

  @Override
  byte bodyType() {
    return BodyType.STREAM;
  }

  void decodeBody(byte[] body) throws JMSException {
    values.clear();
    if (body == null) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        values.add(ValueCodec.read(in));
      }
    } catch (IOException e) {
      throw new JMSException("corrupt stream body: " + e);
    }
  }
}
