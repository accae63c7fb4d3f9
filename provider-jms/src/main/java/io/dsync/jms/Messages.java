package io.dsync.jms;

import io.dsync.jms.broker.BodyType;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.DestinationKey;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts between façade messages, foreign JMS messages and the broker's {@link BrokerMessage}. */
final class Messages {
  private Messages() {}

  /** The broker form of a message whose headers the producer has just set. */
  static BrokerMessage toBroker(DsyncMessage m, DsyncDestination dest, String origin) throws JMSException {
    Map<String, Object> props = new LinkedHashMap<>(m.properties);
    props.remove("JMSXDeliveryCount");
    String replyTo = null;
    if (m.getJMSReplyTo() != null) {
      replyTo = DsyncDestination.from(m.getJMSReplyTo()).key().toString();
    }
    return new BrokerMessage(m.getJMSMessageID(), m.getJMSTimestamp(), m.getJMSCorrelationID(), replyTo,
        dest.key().toString(), m.getJMSDeliveryMode() == DeliveryMode.PERSISTENT, m.getJMSPriority(),
        m.getJMSExpiration(), m.getJMSDeliveryTime(), m.getJMSType(), props, m.bodyType(), m.encodeBody(), origin);
  }

  /** A received message for a delivery: headers, JMSXDeliveryCount, read-only body and properties. */
  static DsyncMessage fromBroker(Delivery d, DsyncConnection connection) throws JMSException {
    DsyncMessage m = fromBrokerMessage(d.message(), connection);
    m.setJMSRedelivered(d.redelivered());
    m.setPropertyInternal("JMSXDeliveryCount", d.deliveryCount());
    m.markReceived();
    return m;
  }

  static DsyncMessage fromBrokerMessage(BrokerMessage b, DsyncConnection connection) throws JMSException {
    DsyncMessage m;
    switch (b.bodyType()) {
      case BodyType.TEXT -> {
        DsyncTextMessage t = new DsyncTextMessage();
        t.decodeBody(b.body());
        m = t;
      }
      case BodyType.BYTES -> {
        DsyncBytesMessage t = new DsyncBytesMessage();
        t.decodeBody(b.body());
        m = t;
      }
      case BodyType.MAP -> {
        DsyncMapMessage t = new DsyncMapMessage();
        t.decodeBody(b.body());
        m = t;
      }
      case BodyType.OBJECT -> {
        DsyncObjectMessage t = new DsyncObjectMessage();
        t.decodeBody(b.body());
        m = t;
      }
      case BodyType.STREAM -> {
        DsyncStreamMessage t = new DsyncStreamMessage();
        t.decodeBody(b.body());
        m = t;
      }
      default -> m = new DsyncMessage();
    }
    m.setJMSMessageID(b.messageId());
    m.setJMSTimestamp(b.timestamp());
    m.setJMSCorrelationID(b.correlationId());
    m.setJMSReplyTo(b.replyTo() == null ? null : DsyncDestination.of(DestinationKey.parse(b.replyTo()), null));
    m.setJMSDestination(DsyncDestination.of(DestinationKey.parse(b.destination()), null));
    m.setJMSDeliveryMode(b.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
    m.setJMSPriority(b.priority());
    m.setJMSExpiration(b.expiration());
    m.setJMSDeliveryTime(b.deliveryTime());
    m.setJMSType(b.type());
    b.properties().forEach(m::setPropertyInternal);
    return m;
  }

  /** A dsync copy of a message of another provider (§3.12: providers must accept them). */
  static DsyncMessage fromForeign(Message f) throws JMSException {
    DsyncMessage m;
    if (f instanceof TextMessage t) {
      DsyncTextMessage x = new DsyncTextMessage();
      x.setText(t.getText());
      m = x;
    } else if (f instanceof BytesMessage b) {
      DsyncBytesMessage x = new DsyncBytesMessage();
      b.reset();
      byte[] buf = new byte[(int) b.getBodyLength()];
      b.readBytes(buf);
      x.writeBytes(buf);
      m = x;
    } else if (f instanceof MapMessage mm) {
      DsyncMapMessage x = new DsyncMapMessage();
      for (Enumeration<?> e = mm.getMapNames(); e.hasMoreElements(); ) {
        String n = (String) e.nextElement();
        x.setObject(n, mm.getObject(n));
      }
      m = x;
    } else if (f instanceof ObjectMessage o) {
      DsyncObjectMessage x = new DsyncObjectMessage();
      x.setObject(o.getObject());
      m = x;
    } else if (f instanceof StreamMessage s) {
      DsyncStreamMessage x = new DsyncStreamMessage();
      s.reset();
      while (true) {
        try {
          x.writeObject(s.readObject());
        } catch (jakarta.jms.MessageEOFException end) {
          break;
        }
      }
      m = x;
    } else {
      m = new DsyncMessage();
    }
    m.setJMSCorrelationID(f.getJMSCorrelationID());
    m.setJMSType(f.getJMSType());
    m.setJMSReplyTo(f.getJMSReplyTo());
    for (Enumeration<?> e = f.getPropertyNames(); e.hasMoreElements(); ) {
      String n = (String) e.nextElement();
      m.setObjectProperty(n, f.getObjectProperty(n));
    }
    return m;
  }
}
