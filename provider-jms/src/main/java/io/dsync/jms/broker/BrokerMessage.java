package io.dsync.jms.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message as the broker keeps it: the header fields it needs for routing, selectors, priority,
 * expiry and delivery delay, the properties, and the body as opaque bytes with a type tag.
 * Immutable (the body array is never changed after construction).
 *
 * @param messageId the JMSMessageID, or null when the producer disabled ids
 * @param timestamp JMSTimestamp (0 when disabled)
 * @param correlationId JMSCorrelationID or null
 * @param replyTo encoded reply-to destination ({@link DestinationKey} text) or null
 * @param destination encoded destination the producer sent to
 * @param persistent true for PERSISTENT delivery mode
 * @param priority 0..9
 * @param expiration absolute expiry time in millis, 0 = never
 * @param deliveryTime earliest delivery time in millis
 * @param type JMSType or null
 * @param properties the message properties, insertion order kept
 * @param bodyType body kind tag (see {@link BodyType})
 * @param body body bytes, may be null
 * @param originConnection id of the sending connection, for noLocal
 */
public record BrokerMessage(
    String messageId,
    long timestamp,
    String correlationId,
    String replyTo,
    String destination,
    boolean persistent,
    int priority,
    long expiration,
    long deliveryTime,
    String type,
    Map<String, Object> properties,
    byte bodyType,
    byte[] body,
    String originConnection) {

  /** Copies the property map so that the record stays immutable. */
  public BrokerMessage {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Body size plus a rough per-property cost, for size limits and memory accounting. */
  public int approximateSize() {
    int size = 128 + (body == null ? 0 : body.length);
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      size += 16 + e.getKey().length() * 2;
      Object v = e.getValue();
      size += v instanceof String s ? s.length() * 2 : v instanceof byte[] b ? b.length : 8;
    }
    return size;
  }

  /** The JMSXGroupID property, or null. */
  public String groupId() {
    Object g = properties.get("JMSXGroupID");
    return g == null ? null : g.toString();
  }

  /** True when the message has expired at {@code nowMillis}. */
  public boolean expiredAt(long nowMillis) {
    return expiration > 0 && expiration <= nowMillis;
  }

  /** The same message with another destination (used when moving it to the dead-letter queue). */
  public BrokerMessage withDestination(String newDestination, Map<String, Object> extraProperties) {
    Map<String, Object> props = new LinkedHashMap<>(properties);
    props.putAll(extraProperties);
    return new BrokerMessage(
        messageId, timestamp, correlationId, replyTo, newDestination, persistent, priority, 0L,
        deliveryTime, type, props, bodyType, body, originConnection);
  }
}
