package io.dsync.jms;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer (§7.3): fluent settings and properties applied to every message
 * it sends. Not thread-safe.
 */
final class DsyncJMSProducer implements JMSProducer {
  private final DsyncJMSContext context;
  private final DsyncMessageProducer producer;
  /** Holds the properties with the message property rules and conversions. */
  private final DsyncMessage props = new DsyncMessage();
  private int deliveryMode = DeliveryMode.PERSISTENT;
  private int priority = Message.DEFAULT_PRIORITY;
  private long timeToLive;
  private long deliveryDelay;
  private boolean disableId;
  private boolean disableTimestamp;
  private String correlationId;
  private String type;
  private Destination replyTo;
  private CompletionListener async;

  DsyncJMSProducer(DsyncJMSContext context, DsyncMessageProducer producer) {
    this.context = context;
    this.producer = producer;
  }

  @Override
  public JMSProducer send(Destination destination, Message message) {
    if (destination == null) {
      throw new InvalidDestinationRuntimeException("the destination is null");
    }
    if (message == null) {
      throw new MessageFormatRuntimeException("the message is null");
    }
    DsyncJMSContext.call(() -> {
      for (Map.Entry<String, Object> e : props.properties.entrySet()) {
        message.setObjectProperty(e.getKey(), e.getValue());
      }
      if (correlationId != null) {
        message.setJMSCorrelationID(correlationId);
      }
      if (type != null) {
        message.setJMSType(type);
      }
      if (replyTo != null) {
        message.setJMSReplyTo(replyTo);
      }
      producer.setDisableMessageID(disableId);
      producer.setDisableMessageTimestamp(disableTimestamp);
      producer.setDeliveryDelay(deliveryDelay);
      producer.doSend(DsyncDestination.from(destination), message, deliveryMode, priority, timeToLive, async);
      return null;
    });
    return this;
  }

  @Override
  public JMSProducer send(Destination destination, String body) {
    return send(destination, context.createTextMessage(body));
  }

  @Override
  public JMSProducer send(Destination destination, Map<String, Object> body) {
    MapMessage m = context.createMapMessage();
    if (body != null) {
      DsyncJMSContext.call(() -> {
        for (Map.Entry<String, Object> e : body.entrySet()) {
          m.setObject(e.getKey(), e.getValue());
        }
        return null;
      });
    }
    return send(destination, m);
  }

  @Override
  public JMSProducer send(Destination destination, byte[] body) {
    jakarta.jms.BytesMessage m = context.createBytesMessage();
    if (body != null) {
      DsyncJMSContext.call(() -> {
        m.writeBytes(body);
        return null;
      });
    }
    return send(destination, m);
  }

  @Override
  public JMSProducer send(Destination destination, Serializable body) {
    return send(destination, context.createObjectMessage(body));
  }

  @Override
  public JMSProducer setDisableMessageID(boolean value) {
    disableId = value;
    return this;
  }

  @Override
  public boolean getDisableMessageID() {
    return disableId;
  }

  @Override
  public JMSProducer setDisableMessageTimestamp(boolean value) {
    disableTimestamp = value;
    return this;
  }

  @Override
  public boolean getDisableMessageTimestamp() {
    return disableTimestamp;
  }

  @Override
  public JMSProducer setDeliveryMode(int mode) {
    if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
      throw new JMSRuntimeException("invalid delivery mode " + mode);
    }
    deliveryMode = mode;
    return this;
  }

  @Override
  public int getDeliveryMode() {
    return deliveryMode;
  }

  @Override
  public JMSProducer setPriority(int p) {
    if (p < 0 || p > 9) {
      throw new JMSRuntimeException("invalid priority " + p + " (0..9)");
    }
    priority = p;
    return this;
  }

  @Override
  public int getPriority() {
    return priority;
  }

  @Override
  public JMSProducer setTimeToLive(long ttl) {
    timeToLive = ttl;
    return this;
  }

  @Override
  public long getTimeToLive() {
    return timeToLive;
  }

  @Override
  public JMSProducer setDeliveryDelay(long delay) {
    deliveryDelay = delay;
    return this;
  }

  @Override
  public long getDeliveryDelay() {
    return deliveryDelay;
  }

  @Override
  public JMSProducer setAsync(CompletionListener listener) {
    async = listener;
    return this;
  }

  @Override
  public CompletionListener getAsync() {
    return async;
  }

  private JMSProducer prop(String name, Object value) {
    DsyncJMSContext.call(() -> {
      props.setObjectProperty(name, value);
      return null;
    });
    return this;
  }

  @Override
  public JMSProducer setProperty(String name, boolean value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, byte value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, short value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, int value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, long value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, float value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, double value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, String value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer setProperty(String name, Object value) {
    return prop(name, value);
  }

  @Override
  public JMSProducer clearProperties() {
    props.clearProperties();
    return this;
  }

  @Override
  public boolean propertyExists(String name) {
    return props.propertyExists(name);
  }

  @Override
  public boolean getBooleanProperty(String name) {
    return DsyncJMSContext.call(() -> props.getBooleanProperty(name));
  }

  @Override
  public byte getByteProperty(String name) {
    return DsyncJMSContext.call(() -> props.getByteProperty(name));
  }

  @Override
  public short getShortProperty(String name) {
    return DsyncJMSContext.call(() -> props.getShortProperty(name));
  }

  @Override
  public int getIntProperty(String name) {
    return DsyncJMSContext.call(() -> props.getIntProperty(name));
  }

  @Override
  public long getLongProperty(String name) {
    return DsyncJMSContext.call(() -> props.getLongProperty(name));
  }

  @Override
  public float getFloatProperty(String name) {
    return DsyncJMSContext.call(() -> props.getFloatProperty(name));
  }

  @Override
  public double getDoubleProperty(String name) {
    return DsyncJMSContext.call(() -> props.getDoubleProperty(name));
  }

  @Override
  public String getStringProperty(String name) {
    return DsyncJMSContext.call(() -> props.getStringProperty(name));
  }

  @Override
  public Object getObjectProperty(String name) {
    return props.getObjectProperty(name);
  }

  @Override
  public Set<String> getPropertyNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(props.properties.keySet()));
  }

  @Override
  public JMSProducer setJMSCorrelationIDAsBytes(byte[] id) {
    correlationId = id == null ? null : new String(id, StandardCharsets.ISO_8859_1);
    return this;
  }

  @Override
  public byte[] getJMSCorrelationIDAsBytes() {
    return correlationId == null ? null : correlationId.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public JMSProducer setJMSCorrelationID(String id) {
    correlationId = id;
    return this;
  }

  @Override
  public String getJMSCorrelationID() {
    return correlationId;
  }

  @Override
  public JMSProducer setJMSType(String t) {
    type = t;
    return this;
  }

  @Override
  public String getJMSType() {
    return type;
  }

  @Override
  public JMSProducer setJMSReplyTo(Destination d) {
    replyTo = d;
    return this;
  }

  @Override
  public Destination getJMSReplyTo() {
    return replyTo;
  }

}
