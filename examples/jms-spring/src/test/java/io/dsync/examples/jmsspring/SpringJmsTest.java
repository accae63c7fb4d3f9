package io.dsync.examples.jmsspring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jms.core.JmsTemplate;

/** Spring's JmsTemplate and DefaultMessageListenerContainer work against dsync unchanged. */
class SpringJmsTest {
  private AnnotationConfigApplicationContext ctx;
  private JmsTemplate jms;
  private OrderListener listener;

  @BeforeEach
  void start() {
    ctx = new AnnotationConfigApplicationContext(JmsConfig.class);
    jms = ctx.getBean(JmsTemplate.class);
    listener = ctx.getBean(OrderListener.class);
  }

  @AfterEach
  void stop() {
    ctx.close();
    io.dsync.jms.server.EmbeddedBrokers.stop("spring-orders");
  }

  @Test
  void jmsTemplateSends_listenerContainerHandlesAll() {
    for (int i = 0; i < 100; i++) {
      jms.convertAndSend(JmsConfig.ORDERS, "order-" + i);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> listener.handled().size() == 100);
    assertThat(listener.handled()).doesNotHaveDuplicates();
  }

  @Test
  void listenerFailure_rolledBack_andRedelivered() {
    jms.convertAndSend(JmsConfig.ORDERS, "fail-once-1");
    await().atMost(Duration.ofSeconds(20)).until(() -> listener.handled().contains("fail-once-1 (redelivered)"));
  }

  @Test
  void jmsTemplateReceive_onAnotherQueue() {
    jms.convertAndSend("replies", "pong");
    assertThat(jms.receiveAndConvert("replies")).isEqualTo("pong");
  }

  @Test
  void jmsTemplate_withMessagePostProcessor_setsHeadersAndProperties() {
    jms.convertAndSend("props", "x", m -> {
      m.setStringProperty("region", "eu");
      m.setJMSCorrelationID("c-1");
      return m;
    });
    jakarta.jms.Message m = jms.receiveSelected("props", "region = 'eu'");
    assertThat(m).isNotNull();
    assertThat(jms.getMessageConverter()).isNotNull();
  }
}
