package io.dsync.examples.jmsspring;

import io.dsync.jms.DsyncConnectionFactory;
import jakarta.jms.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * Plain Spring JMS wiring. The only dsync-specific line is the ConnectionFactory bean: swap it for
 * another provider's factory and nothing else changes.
 */
@Configuration
@ComponentScan
public class JmsConfig {
  /** The queue the example uses. */
  public static final String ORDERS = "orders";

  /** dsync's factory: an embedded broker in this JVM (use {@code vm://orders?dataDir=...} to persist). */
  @Bean
  public ConnectionFactory connectionFactory() {
    return new DsyncConnectionFactory("vm://spring-orders");
  }

  /** Sends and receives with Spring's template. */
  @Bean
  public JmsTemplate jmsTemplate(ConnectionFactory cf) {
    JmsTemplate t = new JmsTemplate(cf);
    t.setReceiveTimeout(2000);
    return t;
  }

  /** A transacted listener container calling {@link OrderListener}. */
  @Bean(destroyMethod = "shutdown")
  public DefaultMessageListenerContainer ordersContainer(ConnectionFactory cf, OrderListener listener) {
    DefaultMessageListenerContainer c = new DefaultMessageListenerContainer();
    c.setConnectionFactory(cf);
    c.setDestinationName(ORDERS);
    c.setMessageListener(listener);
    c.setSessionTransacted(true);
    c.setConcurrentConsumers(2);
    c.setReceiveTimeout(200);
    return c;
  }
}
