package io.dsync.examples.jmsspring;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Handles orders. An order text starting with "fail-once" throws the first time it is seen, to
 * show that the transacted container rolls back and the broker redelivers it.
 */
@Component
public class OrderListener implements MessageListener {
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final List<String> failedOnce = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(Message message) {
    try {
      String text = ((TextMessage) message).getText();
      if (text.startsWith("fail-once") && !failedOnce.contains(text)) {
        failedOnce.add(text);
        throw new IllegalStateException("simulated failure for " + text);
      }
      handled.add(text + (message.getJMSRedelivered() ? " (redelivered)" : ""));
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What was handled so far. */
  public List<String> handled() {
    return handled;
  }
}
