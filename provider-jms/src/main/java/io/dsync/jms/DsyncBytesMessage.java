package io.dsync.jms;

import io.dsync.jms.broker.BodyType;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A message whose body is a stream of bytes (§3.11.2): write-only until {@link #reset}, then
 * read-only; a received message starts read-only. Not thread-safe.
 */
public final class DsyncBytesMessage extends DsyncMessage implements BytesMessage {
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private DataOutputStream out = new DataOutputStream(buffer);
  private byte[] data;
  private DataInputStream in;

  /** An empty, writable bytes message. */
  public DsyncBytesMessage() {}

  @Override
  public long getBodyLength() throws JMSException {
    checkReadable();
    return data.length;
  }

  @Override
  public void reset() throws JMSException {
    if (!bodyReadOnly) {
      data = buffer.toByteArray();
      bodyReadOnly = true;
    }
    in = new DataInputStream(new ByteArrayInputStream(data));
  }

  @Override
  public void clearBody() throws JMSException {
    super.clearBody();
    buffer = new ByteArrayOutputStream();
    out = new DataOutputStream(buffer);
    data = null;
    in = null;
  }

  @Override
  void markReceived() throws JMSException {
    super.markReceived();
    if (data == null) {
      data = new byte[0];
    }
    in = new DataInputStream(new ByteArrayInputStream(data));
  }

  void decodeBody(byte[] body) {
    data = body == null ? new byte[0] : body;
    bodyReadOnly = true;
    in = new DataInputStream(new ByteArrayInputStream(data));
  }

  private byte[] currentBytes() {
    return bodyReadOnly ? data : buffer.toByteArray();
  }

  @Override
  boolean hasBody() {
    return currentBytes().length > 0;
  }

  @Override
  Class<?> bodyClass() {
    return byte[].class;
  }

  @Override
  Object bodyObject() {
    return currentBytes().clone();
  }

  @Override
  byte[] encodeBody() {
    return currentBytes();
  }

  @Override
  byte bodyType() {
    return BodyType.BYTES;
  }

  // ------------------------------------------------------------------ reading

  private interface Read<T> {
    T read() throws IOException;
  }

  private <T> T read(Read<T> r) throws JMSException {
    checkReadable();
    try {
      in.mark(Integer.MAX_VALUE);
      return r.read();
    } catch (EOFException e) {
      throw new MessageEOFException("unexpected end of the bytes message");
    } catch (IOException e) {
      try {
        in.reset();
      } catch (IOException ignored) {
        // ByteArrayInputStream always supports reset
      }
      MessageFormatException m = new MessageFormatException("cannot read: " + e);
      m.initCause(e);
      throw m;
    }
  }

  @Override
  public boolean readBoolean() throws JMSException {
    return read(() -> in.readBoolean());
  }

  @Override
  public byte readByte() throws JMSException {
    return read(() -> in.readByte());
  }

  @Override
  public int readUnsignedByte() throws JMSException {
    return read(() -> in.readUnsignedByte());
  }

  @Override
  public short readShort() throws JMSException {
    return read(() -> in.readShort());
  }

  @Override
  public int readUnsignedShort() throws JMSException {
    return read(() -> in.readUnsignedShort());
  }

  @Override
  public char readChar() throws JMSException {
    return read(() -> in.readChar());
  }

  @Override
  public int readInt() throws JMSException {
    return read(() -> in.readInt());
  }

  @Override
  public long readLong() throws JMSException {
    return read(() -> in.readLong());
  }

  @Override
  public float readFloat() throws JMSException {
    return read(() -> in.readFloat());
  }

  @Override
  public double readDouble() throws JMSException {
    return read(() -> in.readDouble());
  }

  @Override
  public String readUTF() throws JMSException {
    return read(() -> in.readUTF());
  }

  @Override
  public int readBytes(byte[] value) throws JMSException {
    return readBytes(value, value.length);
  }

  @Override
  public int readBytes(byte[] value, int length) throws JMSException {
    if (length < 0 || length > value.length) {
      throw new IndexOutOfBoundsException("length " + length + " outside 0.." + value.length);
    }
    checkReadable();
    try {
      if (in.available() == 0) {
        return -1;
      }
      return in.read(value, 0, length);
    } catch (IOException e) {
      throw new JMSException("cannot read: " + e);
    }
  }

  // ------------------------------------------------------------------ writing

  private interface Write {
    void write() throws IOException;
  }

  private void write(Write w) throws JMSException {
    checkWritable();
    try {
      w.write();
    } catch (IOException e) {
      throw new JMSException("cannot write: " + e);
    }
  }

  @Override
  public void writeBoolean(boolean value) throws JMSException {
    write(() -> out.writeBoolean(value));
  }

  @Override
  public void writeByte(byte value) throws JMSException {
    write(() -> out.writeByte(value));
  }

  @Override
  public void writeShort(short value) throws JMSException {
    write(() -> out.writeShort(value));
  }

  @Override
  public void writeChar(char value) throws JMSException {
    write(() -> out.writeChar(value));
  }

  @Override
  public void writeInt(int value) throws JMSException {
    write(() -> out.writeInt(value));
  }

  @Override
  public void writeLong(long value) throws JMSException {
    write(() -> out.writeLong(value));
  }

  @Override
  public void writeFloat(float value) throws JMSException {
    write(() -> out.writeFloat(value));
  }

  @Override
  public void writeDouble(double value) throws JMSException {
    write(() -> out.writeDouble(value));
  }

  @Override
  public void writeUTF(String value) throws JMSException {
    write(() -> out.writeUTF(value));
  }

  @Override
  public void writeBytes(byte[] value) throws JMSException {
    write(() -> out.write(value));
  }

  @Override
  public void writeBytes(byte[] value, int offset, int length) throws JMSException {
    write(() -> out.write(value, offset, length));
  }

  @Override
  public void writeObject(Object value) throws JMSException {
    if (value == null) {
      throw new NullPointerException("writeObject(null)");
    }
    if (value instanceof Boolean v) {
      writeBoolean(v);
    } else if (value instanceof Byte v) {
      writeByte(v);
    } else if (value instanceof Short v) {
      writeShort(v);
    } else if (value instanceof Character v) {
      writeChar(v);
    } else if (value instanceof Integer v) {
      writeInt(v);
    } else if (value instanceof Long v) {
      writeLong(v);
    } else if (value instanceof Float v) {
      writeFloat(v);
    } else if (value instanceof Double v) {
      writeDouble(v);
    } else if (value instanceof String v) {
      writeUTF(v);
    } else if (value instanceof byte[] v) {
      writeBytes(v);
    } else {
      throw new MessageFormatException("a bytes message cannot hold a " + value.getClass().getName());
    }
  }
}
