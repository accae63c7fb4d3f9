package io.dsync.jms;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A JMS message without a body ({@code Session.createMessage()}) and the base of the five
 * message types: every header (§3.4), properties with the conversion table (§3.5), and the
 * read-only rules of received messages (§3.9, §3.10). Not thread-safe, as the spec allows.
 */
public class DsyncMessage implements Message {
  private static final Set<String> RESERVED = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

  private String messageId;
  private long timestamp;
  private String correlationId;
  private Destination replyTo;
  private Destination destination;
  private int deliveryMode = DeliveryMode.PERSISTENT;
  private boolean redelivered;
  private String type;
  private long expiration;
  private long deliveryTime;
  private int priority = Message.DEFAULT_PRIORITY;
  final Map<String, Object> properties = new LinkedHashMap<>();
  private boolean propertiesReadOnly;
  boolean bodyReadOnly;
  /** Set on received messages: acknowledges for CLIENT_ACKNOWLEDGE sessions. */
  Acknowledger acknowledger;

  /** What {@link Message#acknowledge} calls on a received message. */
  interface Acknowledger {
    void acknowledge() throws JMSException;
  }

  /** A new empty, writable message. */
  public DsyncMessage() {}

  // ------------------------------------------------------------------ headers

  @Override
  public String getJMSMessageID() {
    return messageId;
  }

  @Override
  public void setJMSMessageID(String id) {
    messageId = id;
  }

  @Override
  public long getJMSTimestamp() {
    return timestamp;
  }

  @Override
  public void setJMSTimestamp(long ts) {
    timestamp = ts;
  }

  @Override
  public byte[] getJMSCorrelationIDAsBytes() {
    return correlationId == null ? null : correlationId.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void setJMSCorrelationIDAsBytes(byte[] id) {
    correlationId = id == null ? null : new String(id, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void setJMSCorrelationID(String id) {
    correlationId = id;
  }

  @Override
  public String getJMSCorrelationID() {
    return correlationId;
  }

  @Override
  public Destination getJMSReplyTo() {
    return replyTo;
  }

  @Override
  public void setJMSReplyTo(Destination d) {
    replyTo = d;
  }

  @Override
  public Destination getJMSDestination() {
    return destination;
  }

  @Override
  public void setJMSDestination(Destination d) {
    destination = d;
  }

  @Override
  public int getJMSDeliveryMode() {
    return deliveryMode;
  }

  @Override
  public void setJMSDeliveryMode(int mode) throws JMSException {
    if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
      throw new JMSException("invalid delivery mode " + mode);
    }
    deliveryMode = mode;
  }

  @Override
  public boolean getJMSRedelivered() {
    return redelivered;
  }

  @Override
  public void setJMSRedelivered(boolean r) {
    redelivered = r;
  }

  @Override
  public String getJMSType() {
    return type;
  }

  @Override
  public void setJMSType(String t) {
    type = t;
  }

  @Override
  public long getJMSExpiration() {
    return expiration;
  }

  @Override
  public void setJMSExpiration(long e) {
    expiration = e;
  }

  @Override
  public long getJMSDeliveryTime() {
    return deliveryTime;
  }

  @Override
  public void setJMSDeliveryTime(long t) {
    deliveryTime = t;
  }

  @Override
  public int getJMSPriority() {
    return priority;
  }

  @Override
  public void setJMSPriority(int p) throws JMSException {
    if (p < 0 || p > 9) {
      throw new JMSException("priority must be 0..9, was " + p);
    }
    priority = p;
  }

  // ------------------------------------------------------------------ properties

  @Override
  public void clearProperties() {
    properties.clear();
    propertiesReadOnly = false;
  }

  @Override
  public boolean propertyExists(String name) {
    return properties.containsKey(name);
  }

  @Override
  public boolean getBooleanProperty(String name) throws JMSException {
    return PropertyValues.toBoolean(properties.get(name));
  }

  @Override
  public byte getByteProperty(String name) throws JMSException {
    return PropertyValues.toByte(properties.get(name));
  }

  @Override
  public short getShortProperty(String name) throws JMSException {
    return PropertyValues.toShort(properties.get(name));
  }

  @Override
  public int getIntProperty(String name) throws JMSException {
    return PropertyValues.toInt(properties.get(name));
  }

  @Override
  public long getLongProperty(String name) throws JMSException {
    return PropertyValues.toLong(properties.get(name));
  }

  @Override
  public float getFloatProperty(String name) throws JMSException {
    return PropertyValues.toFloat(properties.get(name));
  }

  @Override
  public double getDoubleProperty(String name) throws JMSException {
    return PropertyValues.toDouble(properties.get(name));
  }

  @Override
  public String getStringProperty(String name) throws JMSException {
    return PropertyValues.toStringValue(properties.get(name));
  }

  @Override
  public Object getObjectProperty(String name) {
    return properties.get(name);
  }

  @Override
  public Enumeration<String> getPropertyNames() {
    return Collections.enumeration(new java.util.ArrayList<>(properties.keySet()));
  }

  @Override
  public void setBooleanProperty(String name, boolean value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setByteProperty(String name, byte value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setShortProperty(String name, short value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setIntProperty(String name, int value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setLongProperty(String name, long value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setFloatProperty(String name, float value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setDoubleProperty(String name, double value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setStringProperty(String name, String value) throws JMSException {
    put(name, value);
  }

  @Override
  public void setObjectProperty(String name, Object value) throws JMSException {
    if (value != null && !PropertyValues.isPropertyType(value)) {
      checkName(name);
      throw new MessageFormatException("a property cannot hold a " + value.getClass().getName());
    }
    put(name, value);
  }

  private void put(String name, Object value) throws JMSException {
    checkName(name);
    if (propertiesReadOnly) {
      throw new MessageNotWriteableException("the properties of a received message are read-only; call clearProperties first");
    }
    if ("JMSXGroupID".equals(name) && value != null && !(value instanceof String)) {
      throw new MessageFormatException("JMSXGroupID must be a String");
    }
    if ("JMSXGroupSeq".equals(name) && value != null && !(value instanceof Integer)) {
      throw new MessageFormatException("JMSXGroupSeq must be an int");
    }
    properties.put(name, value);
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a property name must not be null or empty");
    }
    if (!Character.isJavaIdentifierStart(name.charAt(0))) {
      throw new IllegalArgumentException("not a valid property name: " + name);
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        throw new IllegalArgumentException("not a valid property name: " + name);
      }
    }
    if (RESERVED.contains(name.toUpperCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("a property name cannot be the selector keyword " + name);
    }
  }

  // ------------------------------------------------------------------ body and acknowledge

  @Override
  public void acknowledge() throws JMSException {
    if (acknowledger != null) {
      acknowledger.acknowledge();
    }
  }

  @Override
  public void clearBody() throws JMSException {
    bodyReadOnly = false;
  }

  @Override
  public <T> T getBody(Class<T> c) throws JMSException {
    if (!hasBody()) {
      return null;
    }
    if (!isBodyAssignableTo(c)) {
      throw new MessageFormatException("the body cannot be returned as a " + c.getName());
    }
    return c.cast(bodyObject());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public boolean isBodyAssignableTo(Class c) throws JMSException {
    return !hasBody() || c.isAssignableFrom(bodyClass());
  }

  /** Whether the message has a body (plain Message never has). */
  boolean hasBody() {
    return false;
  }

  /** The body's class for {@link #isBodyAssignableTo}. */
  Class<?> bodyClass() {
    return Void.class;
  }

  /** The body for {@link #getBody}. */
  Object bodyObject() throws JMSException {
    return null;
  }

  /** Body bytes for the broker. */
  byte[] encodeBody() throws JMSException {
    return null;
  }

  /** The broker's body type tag. */
  byte bodyType() {
    return io.dsync.jms.broker.BodyType.NONE;
  }

  /** Makes a received message's body and properties read-only. */
  void markReceived() throws JMSException {
    propertiesReadOnly = true;
    bodyReadOnly = true;
  }

  /** Writes the properties of a received message (bypassing the read-only rule). */
  void setPropertyInternal(String name, Object value) {
    properties.put(name, value);
  }

  void checkWritable() throws MessageNotWriteableException {
    if (bodyReadOnly) {
      throw new MessageNotWriteableException("the body of a received message is read-only; call clearBody first");
    }
  }

  void checkReadable() throws MessageNotReadableException {
    if (!bodyReadOnly) {
      throw new MessageNotReadableException("the message body is write-only; call reset first");
    }
  }

  static IllegalStateException closed(String what) {
    return new IllegalStateException("the " + what + " is closed");
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination + ", properties=" + properties + "]";
  }
}
