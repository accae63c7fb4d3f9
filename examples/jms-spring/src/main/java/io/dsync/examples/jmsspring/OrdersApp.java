package io.dsync.examples.jmsspring;

import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jms.core.JmsTemplate;

/** Sends ten orders with JmsTemplate and prints what the listener container handled. */
public final class OrdersApp {
  private OrdersApp() {}

  public static void main(String[] args) throws Exception {
    try (AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext(JmsConfig.class)) {
      JmsTemplate jms = ctx.getBean(JmsTemplate.class);
      for (int i = 0; i < 10; i++) {
        jms.convertAndSend(JmsConfig.ORDERS, "order-" + i);
      }
      OrderListener listener = ctx.getBean(OrderListener.class);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (listener.handled().size() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      System.out.println("handled: " + listener.handled());
    }
  }
}
