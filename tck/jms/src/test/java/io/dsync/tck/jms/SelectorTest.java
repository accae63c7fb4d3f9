package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chapter 3.8 "Message selection": every row sends one message with known headers and
 * properties and checks, through a consumer created with the selector, whether it is selected.
 */
@DisplayName("3.8 Message selection")
class SelectorTest extends JmsTestBase {

  private void sendSample() throws Exception {
    MessageProducer p = session.createProducer(queue);
    p.setPriority(6);
    TextMessage m = session.createTextMessage("sample");
    m.setJMSType("car");
    m.setJMSCorrelationID("corr-1");
    m.setStringProperty("color", "red");
    m.setIntProperty("weight", 25);
    m.setDoubleProperty("price", 10.5);
    m.setFloatProperty("ratio", 0.5f);
    m.setLongProperty("big", 1_000_000_000_000L);
    m.setByteProperty("small", (byte) 3);
    m.setShortProperty("shortv", (short) 7);
    m.setBooleanProperty("flag", true);
    m.setStringProperty("name", "Jo_hn%");
    m.setStringProperty("empty", "");
    m.setStringProperty("code", "A-100");
    m.setStringProperty("quote", "it's");
    p.send(m);
  }

  @ParameterizedTest(name = "3.8.1.1 [{0}] selects: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "color = 'red' | true",
    "color = 'blue' | false",
    "color <> 'blue' | true",
    "color <> 'red' | false",
    "weight = 25 | true",
    "weight > 20 | true",
    "weight >= 25 | true",
    "weight < 25 | false",
    "weight <= 24 | false",
    "weight <> 24 | true",
    "weight = 25.0 | true",
    "price = 10.5 | true",
    "price > 10 | true",
    "ratio = 0.5 | true",
    "big > 999999999999 | true",
    "big = 1000000000000 | true",
    "small = 3 | true",
    "small + shortv = 10 | true",
    "shortv BETWEEN 5 AND 10 | true",
    "weight BETWEEN 26 AND 30 | false",
    "weight NOT BETWEEN 26 AND 30 | true",
    "weight BETWEEN 25 AND 25 | true",
    "price BETWEEN 10 AND 11 | true",
    "missing BETWEEN 1 AND 2 | false",
    "NOT missing BETWEEN 1 AND 2 | false",
    "weight + 5 = 30 | true",
    "weight - 5 = 20 | true",
    "weight * 2 = 50 | true",
    "weight / 5 = 5 | true",
    "-weight = -25 | true",
    "+weight = 25 | true",
    "-price < 0 | true",
    "price * 2 = 21 | true",
    "ratio * 2 = 1 | true",
    "weight + price = 35.5 | true",
    "(weight + 5) * 2 = 60 | true",
    "weight + 5 * 2 = 35 | true",
    "weight / 0 = 1 | false",
    "color IN ('red', 'green') | true",
    "color IN ('blue', 'green') | false",
    "color NOT IN ('blue', 'green') | true",
    "missing IN ('a') | false",
    "missing NOT IN ('a') | false",
    "weight IN ('25') | false",
    "name LIKE 'Jo%' | true",
    "name LIKE 'Jo__n%' | true",
    "name LIKE 'jo%' | false",
    "name LIKE 'Jo\\_%' ESCAPE '\\' | true",
    "name LIKE 'Jo!_h%' ESCAPE '!' | true",
    "name LIKE '%!%' ESCAPE '!' | true",
    "name LIKE '%!_' ESCAPE '!' | false",
    "name NOT LIKE 'X%' | true",
    "code LIKE 'A-___' | true",
    "code LIKE 'A-__' | false",
    "missing LIKE 'a%' | false",
    "missing NOT LIKE 'a%' | false",
    "empty = '' | true",
    "quote = 'it''s' | true",
    "flag = TRUE | true",
    "flag | true",
    "NOT flag | false",
    "flag = FALSE | false",
    "flag AND color = 'red' | true",
    "flag OR missing | true",
    "missing OR missing = 1 | false",
    "missing IS NULL | true",
    "missing IS NOT NULL | false",
    "color IS NOT NULL | true",
    "color IS NULL | false",
    "missing = 1 | false",
    "NOT (missing = 1) | false",
    "missing = 1 OR color = 'red' | true",
    "missing = 1 AND color = 'red' | false",
    "NOT (missing = 1 AND color = 'blue') | true",
    "missing = 1 OR color = 'blue' | false",
    "NOT (missing = 1 OR color = 'blue') | false",
    "color = 'red' AND weight = 25 | true",
    "color = 'red' AND weight = 26 | false",
    "color = 'blue' OR weight = 25 | true",
    "color = 'red' OR weight = 26 AND flag = FALSE | true",
    "(color = 'red' OR weight = 26) AND flag = FALSE | false",
    "JMSType = 'car' | true",
    "JMSPriority = 6 | true",
    "JMSPriority > 5 | true",
    "JMSDeliveryMode = 'PERSISTENT' | true",
    "JMSDeliveryMode = 'NON_PERSISTENT' | false",
    "JMSCorrelationID = 'corr-1' | true",
    "JMSMessageID LIKE 'ID:%' | true",
    "JMSTimestamp > 0 | true",
    "color = 'red' and weight = 25 | true",
    "COLOR = 'red' | false",
    "color = 'RED' | false",
    "color = 25 | false",
    "weight = '25' | false",
    "flag = 1 | false",
    "1 = 1 | true",
    "1 <> 1 | false",
    "TRUE | true",
    "FALSE | false",
    "'a' = 'a' | true",
    "7E1 = 70 | true",
    "weight > 2.5E1 | false",
    "weight >= 2.5E1 | true",
    "weight BETWEEN 20 AND 30 AND color IN ('red') | true",
    "'  color = ''red''  ' = 'x' | false",
    "color='red'AND weight=25 | true",
  })
  void selects(String selector, boolean expected) throws Exception {
    sendSample();
    MessageConsumer c = session.createConsumer(queue, selector);
    Message m = c.receive(expected ? 2000 : 50);
    assertThat(m != null).as("selector %s", selector).isEqualTo(expected);
  }

  @ParameterizedTest(name = "3.8.1.1 invalid selector [{0}] is InvalidSelectorException at createConsumer")
  @ValueSource(strings = {
    "color =", "= 'red'", "color = 'red", "color IN ()", "color IN (1, 2)", "color LIKE 5",
    "name LIKE 'a' ESCAPE 'ab'", "weight BETWEEN 1", "weight BETWEEN 1 OR 2", "(color = 'red'",
    "color = 'red')", "weight + 'a' = 1", "5", "'abc'", "weight + 1", "NOT 5", "color = 'red' AND",
    "AND color = 'red'", "color == 'red'", "color != 'red'", "color = 'red' #", "IS NULL",
    "5 IS NULL", "5 LIKE 'a'", "'a' > 'b'", "TRUE < FALSE", "weight IS NOT", "1 IN ('a')",
    "x LIKE 'a' ESCAPE ''", "1.2.3 = 1", "color = 'red' color", "weight BETWEEN 'a' AND 'b'"
  })
  void invalid(String selector) throws Exception {
    assertThatThrownBy(() -> session.createConsumer(queue, selector)).isInstanceOf(InvalidSelectorException.class);
  }

  @Test
  @DisplayName("3.8.1 an empty or null selector selects every message")
  void emptySelector() throws Exception {
    sendSample();
    sendSample();
    MessageConsumer first = session.createConsumer(queue, "");
    assertThat(first.receive(2000)).isNotNull();
    first.close();
    assertThat(session.createConsumer(queue, null).receive(2000)).isNotNull();
  }

  @Test
  @DisplayName("3.8.1 getMessageSelector returns the selector given")
  void getSelector() throws Exception {
    assertThat(session.createConsumer(queue, "weight > 1").getMessageSelector()).isEqualTo("weight > 1");
  }

  @Test
  @DisplayName("3.8.1 a consumer with a selector skips other messages, which stay for other consumers")
  void skippedMessagesStay() throws Exception {
    MessageProducer p = session.createProducer(queue);
    for (int i = 0; i < 6; i++) {
      Message m = session.createMessage();
      m.setIntProperty("n", i);
      p.send(m);
    }
    List<Message> even = drain(session.createConsumer(queue, "n / 2 * 2 = n"));
    assertThat(even).hasSize(3);
    List<Message> rest = drain(session.createConsumer(queue));
    assertThat(rest).extracting(m -> m.getIntProperty("n")).containsExactly(1, 3, 5);
  }

  @Test
  @DisplayName("3.8.1 a topic subscriber's selector filters what it receives")
  void topicSelector() throws Exception {
    Topic t = session.createTopic("sel-topic");
    MessageConsumer reds = session.createConsumer(t, "color = 'red'");
    MessageConsumer all = session.createConsumer(t);
    MessageProducer p = session.createProducer(t);
    for (String color : new String[] {"red", "blue", "red"}) {
      Message m = session.createMessage();
      m.setStringProperty("color", color);
      p.send(m);
    }
    assertThat(drain(reds)).hasSize(2);
    assertThat(drain(all)).hasSize(3);
  }

  @Test
  @DisplayName("3.8.1 an invalid selector on createBrowser is InvalidSelectorException")
  void invalidOnBrowser() throws Exception {
    assertThatThrownBy(() -> session.createBrowser(queue, "a ==")).isInstanceOf(InvalidSelectorException.class);
  }

  @Test
  @DisplayName("3.8.1 an invalid selector on a durable subscriber is InvalidSelectorException")
  void invalidOnDurable() throws Exception {
    var c = track(factory.createConnection());
    c.setClientID("sel-client");
    var s = c.createSession();
    assertThatThrownBy(() -> s.createDurableSubscriber(s.createTopic("t"), "sub", "a ==", false)).isInstanceOf(InvalidSelectorException.class);
  }

  @Test
  @DisplayName("3.8.1 an invalid selector on JMSContext.createConsumer is InvalidSelectorRuntimeException")
  void invalidOnContext() throws Exception {
    try (JMSContext ctx = factory.createContext()) {
      assertThatThrownBy(() -> ctx.createConsumer(ctx.createQueue("q"), "a ==")).isInstanceOf(InvalidSelectorRuntimeException.class);
    }
  }

  @Test
  @DisplayName("3.8.1.2 JMSPriority selects among messages of several priorities")
  void prioritySelect() throws Exception {
    MessageProducer p = session.createProducer(queue);
    for (int prio = 0; prio <= 9; prio++) {
      p.setPriority(prio);
      p.send(session.createMessage());
    }
    assertThat(drain(session.createConsumer(queue, "JMSPriority >= 7"))).hasSize(3);
  }
}
