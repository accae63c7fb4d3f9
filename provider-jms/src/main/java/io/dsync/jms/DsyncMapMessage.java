package io.dsync.jms;

import io.dsync.jms.broker.BodyType;
import io.dsync.jms.broker.ValueCodec;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A message whose body is a map of names to typed values (§3.11.5). Not thread-safe. */
public final class DsyncMapMessage extends DsyncMessage implements MapMessage {
  private final Map<String, Object> map = new LinkedHashMap<>();

  /** An empty map message. */
  public DsyncMapMessage() {}

  private Object get(String name) {
    return map.get(name);
  }

  private void set(String name, Object value) throws JMSException {
    checkWritable();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a map entry name must not be null or empty");
    }
    map.put(name, value);
  }

  @Override
  public boolean getBoolean(String name) throws JMSException {
    return PropertyValues.toBoolean(get(name));
  }

  @Override
  public byte getByte(String name) throws JMSException {
    return PropertyValues.toByte(get(name));
  }

  @Override
  public short getShort(String name) throws JMSException {
    return PropertyValues.toShort(get(name));
  }

  @Override
  public char getChar(String name) throws JMSException {
    return PropertyValues.toChar(get(name));
  }

  @Override
  public int getInt(String name) throws JMSException {
    return PropertyValues.toInt(get(name));
  }

  @Override
  public long getLong(String name) throws JMSException {
    return PropertyValues.toLong(get(name));
  }

  @Override
  public float getFloat(String name) throws JMSException {
    return PropertyValues.toFloat(get(name));
  }

  @Override
  public double getDouble(String name) throws JMSException {
    return PropertyValues.toDouble(get(name));
  }

  @Override
  public String getString(String name) throws JMSException {
    return PropertyValues.toStringValue(get(name));
  }

  @Override
  public byte[] getBytes(String name) throws JMSException {
    byte[] b = PropertyValues.toBytes(get(name));
    return b == null ? null : b.clone();
  }

  @Override
  public Object getObject(String name) {
    Object v = get(name);
    return v instanceof byte[] b ? b.clone() : v;
  }

  @Override
  public Enumeration<String> getMapNames() {
    return Collections.enumeration(new java.util.ArrayList<>(map.keySet()));
  }

  @Override
  public void setBoolean(String name, boolean value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setByte(String name, byte value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setShort(String name, short value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setChar(String name, char value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setInt(String name, int value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setLong(String name, long value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setFloat(String name, float value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setDouble(String name, double value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setString(String name, String value) throws JMSException {
    set(name, value);
  }

  @Override
  public void setBytes(String name, byte[] value) throws JMSException {
    set(name, value == null ? null : value.clone());
  }

  @Override
  public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
    byte[] b = new byte[length];
    System.arraycopy(value, offset, b, 0, length);
    set(name, b);
  }

  @Override
  public void setObject(String name, Object value) throws JMSException {
    if (!PropertyValues.isBodyValueType(value)) {
      throw new MessageFormatException("a map message cannot hold a " + value.getClass().getName());
    }
    set(name, value instanceof byte[] b ? b.clone() : value);
  }

  @Override
  public boolean itemExists(String name) {
    return map.containsKey(name);
  }

  @Override
  public void clearBody() throws JMSException {
    super.clearBody();
    map.clear();
  }

  @Override
  boolean hasBody() {
    return !map.isEmpty();
  }

  @Override
  Class<?> bodyClass() {
    return Map.class;
  }

  @Override
  Object bodyObject() {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, v instanceof byte[] b ? b.clone() : v));
    return copy;
  }

  @Override
  byte[] encodeBody() throws JMSException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(map.size());
      for (Map.Entry<String, Object> e : map.entrySet()) {
        ValueCodec.writeString(out, e.getKey());
        ValueCodec.write(out, e.getValue());
      }
    } catch (IOException e) {
      throw new JMSException("cannot encode the map: " + e);
    }
    return bytes.toByteArray();
  }

  @Override
  byte bodyType() {
    return BodyType.MAP;
  }

  void decodeBody(byte[] body) throws JMSException {
    map.clear();
    if (body == null) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        map.put(ValueCodec.readString(in), ValueCodec.read(in));
      }
    } catch (IOException e) {
      throw new JMSException("corrupt map body: " + e);
    }
  }
}
