package io.dsync.jms;

import io.dsync.jms.broker.BodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * A message whose body is a serialized object (§3.11.7). The object is serialized when set, so
 * later changes to it do not change the message. Not thread-safe.
 */
public final class DsyncObjectMessage extends DsyncMessage implements ObjectMessage {
  private byte[] serialized;

  /** An empty object message. */
  public DsyncObjectMessage() {}

  @Override
  public void setObject(Serializable object) throws JMSException {
    checkWritable();
    if (object == null) {
      serialized = null;
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (IOException e) {
      MessageFormatException m = new MessageFormatException("cannot serialize the object: " + e);
      m.initCause(e);
      throw m;
    }
    serialized = bytes.toByteArray();
  }

  @Override
  public Serializable getObject() throws JMSException {
    if (serialized == null) {
      return null;
    }
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized)) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        if (tccl != null) {
          try {
            return Class.forName(desc.getName(), false, tccl);
          } catch (ClassNotFoundException e) {
            // fall back to the default resolution
          }
        }
        return super.resolveClass(desc);
      }
    }) {
      return (Serializable) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      MessageFormatException m = new MessageFormatException("cannot deserialize the object: " + e);
      m.initCause(e);
      throw m;
    }
  }

  @Override
  public void clearBody() throws JMSException {
    super.clearBody();
    serialized = null;
  }

  @Override
  boolean hasBody() {
    return serialized != null;
  }

  @Override
  public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
    if (serialized == null) {
      return true;
    }
    return c.isInstance(getObject());
  }

  @Override
  Class<?> bodyClass() {
    return Serializable.class;
  }

  @Override
  Object bodyObject() throws JMSException {
    return getObject();
  }

  @Override
  byte[] encodeBody() {
    return serialized;
  }

  @Override
  byte bodyType() {
    return BodyType.OBJECT;
  }

  void decodeBody(byte[] body) {
    serialized = body;
  }
}
