package io.dsync.jms;

import io.dsync.jms.broker.BodyType;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;

/** A message whose body is a String (§3.11.4). Not thread-safe. */
public final class DsyncTextMessage extends DsyncMessage implements TextMessage {
  private String text;

  /** An empty text message. */
  public DsyncTextMessage() {}

  @Override
  public void setText(String s) throws JMSException {
    checkWritable();
    text = s;
  }

  @Override
  public String getText() {
    return text;
  }

  @Override
  public void clearBody() throws JMSException {
    super.clearBody();
    text = null;
  }

  @Override
  boolean hasBody() {
    return text != null;
  }

  @Override
  Class<?> bodyClass() {
    return String.class;
  }

  @Override
  Object bodyObject() {
    return text;
  }

  @Override
  byte[] encodeBody() {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  byte bodyType() {
    return BodyType.TEXT;
  }

  void decodeBody(byte[] body) {
    text = body == null ? null : new String(body, StandardCharsets.UTF_8);
  }
}
