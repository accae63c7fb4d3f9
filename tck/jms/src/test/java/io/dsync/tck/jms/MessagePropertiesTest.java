package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chapter 3.5 "Message properties", with the conversion table of 3.5.4. */
@DisplayName("3.5 Message properties")
class MessagePropertiesTest extends JmsTestBase {

  /** The getters of the conversion table. */
  enum Getter {
    BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING;

    Object get(Message m, String n) throws JMSException {
      return switch (this) {
        case BOOLEAN -> m.getBooleanProperty(n);
        case BYTE -> m.getByteProperty(n);
        case SHORT -> m.getShortProperty(n);
        case INT -> m.getIntProperty(n);
        case LONG -> m.getLongProperty(n);
        case FLOAT -> m.getFloatProperty(n);
        case DOUBLE -> m.getDoubleProperty(n);
        case STRING -> m.getStringProperty(n);
      };
    }
  }

  private static final Object MFE = new Object();

  /** Rows: written value, getter, expected value (or MFE for MessageFormatException). */
  static Stream<Arguments> conversionTable() {
    List<Arguments> rows = new ArrayList<>();
    Object[][] table = {
      // value, BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING
      {true, true, MFE, MFE, MFE, MFE, MFE, MFE, "true"},
      {(byte) 7, MFE, (byte) 7, (short) 7, 7, 7L, MFE, MFE, "7"},
      {(short) 7, MFE, MFE, (short) 7, 7, 7L, MFE, MFE, "7"},
      {7, MFE, MFE, MFE, 7, 7L, MFE, MFE, "7"},
      {7L, MFE, MFE, MFE, MFE, 7L, MFE, MFE, "7"},
      {1.5f, MFE, MFE, MFE, MFE, MFE, 1.5f, 1.5d, "1.5"},
      {1.5d, MFE, MFE, MFE, MFE, MFE, MFE, 1.5d, "1.5"},
      {"7", false, (byte) 7, (short) 7, 7, 7L, 7.0f, 7.0d, "7"},
    };
    for (Object[] row : table) {
      for (Getter g : Getter.values()) {
        rows.add(Arguments.of(row[0].getClass().getSimpleName(), row[0], g, row[g.ordinal() + 1]));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "3.5.4 conversion: {0} {1} read as {2}")
  @MethodSource("conversionTable")
  void conversion(String type, Object value, Getter getter, Object expected) throws Exception {
    Message m = session.createMessage();
    m.setObjectProperty("p", value);
    if (expected == MFE) {
      assertThatThrownBy(() -> getter.get(m, "p")).isInstanceOf(MessageFormatException.class);
    } else {
      assertThat(getter.get(m, "p")).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "3.5.4 conversion survives sending: {0} {1} read as {2}")
  @MethodSource("conversionTable")
  void conversionAfterSend(String type, Object value, Getter getter, Object expected) throws Exception {
    Message m = session.createMessage();
    m.setObjectProperty("p", value);
    session.createProducer(queue).send(m);
    Message r = session.createConsumer(queue).receive(2000);
    if (expected == MFE) {
      assertThatThrownBy(() -> getter.get(r, "p")).isInstanceOf(MessageFormatException.class);
    } else {
      assertThat(getter.get(r, "p")).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("3.5.4 a String that is not a number read as int throws NumberFormatException")
  void stringNotNumber() throws Exception {
    Message m = session.createMessage();
    m.setStringProperty("p", "abc");
    assertThatThrownBy(() -> m.getIntProperty("p")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> m.getDoubleProperty("p")).isInstanceOf(NumberFormatException.class);
  }

  @Test
  @DisplayName("3.5.4 a missing property reads as valueOf(null): false, null, or NumberFormatException")
  void missingProperty() throws Exception {
    Message m = session.createMessage();
    assertThat(m.getBooleanProperty("none")).isFalse();
    assertThat(m.getStringProperty("none")).isNull();
    assertThat(m.getObjectProperty("none")).isNull();
    assertThatThrownBy(() -> m.getIntProperty("none")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> m.getLongProperty("none")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> m.getByteProperty("none")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> m.getShortProperty("none")).isInstanceOf(NumberFormatException.class);
  }

  @ParameterizedTest(name = "3.5.1 property name ''{0}'' is refused")
  @ValueSource(strings = {"", "1abc", "a-b", "a b", "NULL", "true", "FALSE", "not", "AND", "or", "Between", "like", "IN", "is", "ESCAPE"})
  void invalidNames(String name) throws Exception {
    Message m = session.createMessage();
    assertThatThrownBy(() -> m.setStringProperty(name, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("3.5.1 a null property name is refused")
  void nullName() throws Exception {
    Message m = session.createMessage();
    assertThatThrownBy(() -> m.setIntProperty(null, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "3.5.5 setObjectProperty refuses a {0}")
  @MethodSource("badObjects")
  void badObjectValues(String type, Object value) throws Exception {
    Message m = session.createMessage();
    assertThatThrownBy(() -> m.setObjectProperty("p", value)).isInstanceOf(MessageFormatException.class);
  }

  static Stream<Arguments> badObjects() {
    return Stream.of(
        Arguments.of("Character", 'c'),
        Arguments.of("byte[]", new byte[] {1}),
        Arguments.of("List", List.of(1)),
        Arguments.of("Object", new Object()));
  }

  @ParameterizedTest(name = "3.5.5 getObjectProperty returns the wrapper of a {0}")
  @MethodSource("goodObjects")
  void objectRoundTrip(String type, Object value) throws Exception {
    Message m = session.createMessage();
    m.setObjectProperty("p", value);
    session.createProducer(queue).send(m);
    assertThat(session.createConsumer(queue).receive(2000).getObjectProperty("p")).isEqualTo(value);
  }

  static Stream<Arguments> goodObjects() {
    return Stream.of(
        Arguments.of("Boolean", true),
        Arguments.of("Byte", (byte) 1),
        Arguments.of("Short", (short) 2),
        Arguments.of("Integer", 3),
        Arguments.of("Long", 4L),
        Arguments.of("Float", 5.5f),
        Arguments.of("Double", 6.5d),
        Arguments.of("String", "seven"));
  }

  @Test
  @DisplayName("3.10 the properties of a received message are read-only")
  void receivedPropertiesReadOnly() throws Exception {
    Message m = session.createMessage();
    m.setIntProperty("a", 1);
    session.createProducer(queue).send(m);
    Message r = session.createConsumer(queue).receive(2000);
    assertThatThrownBy(() -> r.setIntProperty("b", 2)).isInstanceOf(MessageNotWriteableException.class);
    assertThatThrownBy(() -> r.setObjectProperty("b", "x")).isInstanceOf(MessageNotWriteableException.class);
  }

  @Test
  @DisplayName("3.5.7 clearProperties empties the properties and makes them writable, leaving the body")
  void clearPropertiesMakesWritable() throws Exception {
    TextMessage m = session.createTextMessage("body");
    m.setIntProperty("a", 1);
    session.createProducer(queue).send(m);
    TextMessage r = (TextMessage) session.createConsumer(queue).receive(2000);
    r.clearProperties();
    assertThat(r.propertyExists("a")).isFalse();
    r.setIntProperty("b", 2);
    assertThat(r.getIntProperty("b")).isEqualTo(2);
    assertThat(r.getText()).isEqualTo("body");
  }

  @Test
  @DisplayName("3.11 clearBody leaves the properties")
  void clearBodyKeepsProperties() throws Exception {
    TextMessage m = session.createTextMessage("body");
    m.setIntProperty("a", 1);
    m.clearBody();
    assertThat(m.getText()).isNull();
    assertThat(m.getIntProperty("a")).isEqualTo(1);
  }

  @Test
  @DisplayName("3.5.6 getPropertyNames lists the properties set, and propertyExists agrees")
  void propertyNames() throws Exception {
    Message m = session.createMessage();
    m.setIntProperty("a", 1);
    m.setStringProperty("b", "x");
    assertThat(Collections.list(m.getPropertyNames())).containsExactlyInAnyOrder("a", "b");
    assertThat(m.propertyExists("a")).isTrue();
    assertThat(m.propertyExists("c")).isFalse();
  }

  @Test
  @DisplayName("3.5.3 property values set before send arrive; later changes to the sent message do not")
  void valuesCopiedAtSend() throws Exception {
    Message m = session.createMessage();
    m.setStringProperty("v", "first");
    session.createProducer(queue).send(m);
    m.setStringProperty("v", "second");
    assertThat(session.createConsumer(queue).receive(2000).getStringProperty("v")).isEqualTo("first");
  }

  @Test
  @DisplayName("3.5.2 a property set to null reads as null and still exists")
  void nullValue() throws Exception {
    Message m = session.createMessage();
    m.setStringProperty("n", null);
    assertThat(m.propertyExists("n")).isTrue();
    assertThat(m.getStringProperty("n")).isNull();
  }

  @Test
  @DisplayName("3.5.2 property names are case-sensitive")
  void caseSensitiveNames() throws Exception {
    Message m = session.createMessage();
    m.setIntProperty("Name", 1);
    m.setIntProperty("name", 2);
    assertThat(m.getIntProperty("Name")).isEqualTo(1);
    assertThat(m.getIntProperty("name")).isEqualTo(2);
  }
}
