package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Chapter 3.11 "Message body" for all five types and plain Message, and 3.10 read-only rules. */
@DisplayName("3.11 Message body")
class MessageBodyTest extends JmsTestBase {

  @SuppressWarnings("unchecked")
  <T extends Message> T roundTrip(T m) throws JMSException {
    session.createProducer(queue).send(m);
    return (T) session.createConsumer(queue).receive(2000);
  }

  @Nested
  @DisplayName("3.11.4 TextMessage")
  class Text {
    @Test
    @DisplayName("3.11.4 text arrives unchanged, including non-ASCII")
    void roundTripText() throws Exception {
      assertThat(roundTrip(session.createTextMessage("héllo ✓")).getText()).isEqualTo("héllo ✓");
    }

    @Test
    @DisplayName("3.11.4 null text arrives as null")
    void nullText() throws Exception {
      assertThat(roundTrip(session.createTextMessage()).getText()).isNull();
    }

    @Test
    @DisplayName("3.10 a received TextMessage body is read-only until clearBody")
    void readOnly() throws Exception {
      TextMessage r = roundTrip(session.createTextMessage("a"));
      assertThatThrownBy(() -> r.setText("b")).isInstanceOf(MessageNotWriteableException.class);
      r.clearBody();
      r.setText("b");
      assertThat(r.getText()).isEqualTo("b");
    }

    @Test
    @DisplayName("3.11.9 getBody(String.class) returns the text; another type is MessageFormatException")
    void getBody() throws Exception {
      TextMessage m = session.createTextMessage("t");
      assertThat(m.getBody(String.class)).isEqualTo("t");
      assertThat(m.isBodyAssignableTo(String.class)).isTrue();
      assertThat(m.isBodyAssignableTo(Integer.class)).isFalse();
      assertThatThrownBy(() -> m.getBody(Integer.class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    @DisplayName("3.11.9 a TextMessage without text has no body: getBody is null for any type")
    void noBody() throws Exception {
      TextMessage m = session.createTextMessage();
      assertThat(m.getBody(Integer.class)).isNull();
      assertThat(m.isBodyAssignableTo(Integer.class)).isTrue();
    }

    @Test
    @DisplayName("3.11.4 a large text (1 MiB) arrives intact")
    void largeText() throws Exception {
      String big = "x".repeat(1 << 20);
      assertThat(roundTrip(session.createTextMessage(big)).getText()).isEqualTo(big);
    }
  }

  @Nested
  @DisplayName("3.11.2 BytesMessage")
  class Bytes {
    @Test
    @DisplayName("3.11.2 every primitive written is read back in order after reset")
    void allTypes() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeBoolean(true);
      m.writeByte((byte) -3);
      m.writeShort((short) 300);
      m.writeChar('z');
      m.writeInt(70000);
      m.writeLong(1L << 40);
      m.writeFloat(1.25f);
      m.writeDouble(2.5);
      m.writeUTF("utf");
      m.writeBytes(new byte[] {9, 8});
      BytesMessage r = roundTrip(m);
      assertThat(r.readBoolean()).isTrue();
      assertThat(r.readByte()).isEqualTo((byte) -3);
      assertThat(r.readShort()).isEqualTo((short) 300);
      assertThat(r.readChar()).isEqualTo('z');
      assertThat(r.readInt()).isEqualTo(70000);
      assertThat(r.readLong()).isEqualTo(1L << 40);
      assertThat(r.readFloat()).isEqualTo(1.25f);
      assertThat(r.readDouble()).isEqualTo(2.5);
      assertThat(r.readUTF()).isEqualTo("utf");
      byte[] buf = new byte[5];
      assertThat(r.readBytes(buf)).isEqualTo(2);
      assertThat(r.readBytes(buf)).isEqualTo(-1);
    }

    @Test
    @DisplayName("3.11.2 readUnsignedByte and readUnsignedShort")
    void unsigned() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeByte((byte) -1);
      m.writeShort((short) -1);
      m.reset();
      assertThat(m.readUnsignedByte()).isEqualTo(255);
      assertThat(m.readUnsignedShort()).isEqualTo(65535);
    }

    @Test
    @DisplayName("3.11.2 reading a new BytesMessage before reset is MessageNotReadableException")
    void writeOnlyUntilReset() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeInt(1);
      assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
      assertThatThrownBy(m::getBodyLength).isInstanceOf(MessageNotReadableException.class);
    }

    @Test
    @DisplayName("3.11.2 writing after reset is MessageNotWriteableException")
    void readOnlyAfterReset() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeInt(1);
      m.reset();
      assertThatThrownBy(() -> m.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
      assertThat(m.getBodyLength()).isEqualTo(4);
    }

    @Test
    @DisplayName("3.11.2 reading past the end is MessageEOFException")
    void eof() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeShort((short) 1);
      m.reset();
      assertThatThrownBy(m::readLong).isInstanceOf(MessageEOFException.class);
    }

    @Test
    @DisplayName("3.10 a received BytesMessage is read-only; clearBody makes it writable and empty")
    void receivedReadOnly() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeInt(5);
      BytesMessage r = roundTrip(m);
      assertThat(r.getBodyLength()).isEqualTo(4);
      assertThatThrownBy(() -> r.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
      r.clearBody();
      r.writeInt(6);
      r.reset();
      assertThat(r.readInt()).isEqualTo(6);
    }

    @Test
    @DisplayName("3.11.2 writeObject accepts wrappers and byte[], refuses others and null")
    void writeObject() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeObject(7);
      m.writeObject("s");
      m.writeObject(new byte[] {1});
      assertThatThrownBy(() -> m.writeObject(new Object())).isInstanceOf(MessageFormatException.class);
      assertThatThrownBy(() -> m.writeObject(null)).isInstanceOf(NullPointerException.class);
      m.reset();
      assertThat(m.readInt()).isEqualTo(7);
      assertThat(m.readUTF()).isEqualTo("s");
      assertThat(m.readByte()).isEqualTo((byte) 1);
    }

    @Test
    @DisplayName("3.11.9 getBody(byte[].class) returns the bytes")
    void getBody() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeBytes(new byte[] {1, 2, 3});
      BytesMessage r = roundTrip(m);
      assertThat(r.getBody(byte[].class)).containsExactly(1, 2, 3);
      assertThat(r.isBodyAssignableTo(String.class)).isFalse();
    }

    @Test
    @DisplayName("3.11.2 readBytes with a length reads at most that many")
    void readBytesLength() throws Exception {
      BytesMessage m = session.createBytesMessage();
      m.writeBytes(new byte[] {1, 2, 3, 4});
      m.reset();
      byte[] buf = new byte[4];
      assertThat(m.readBytes(buf, 3)).isEqualTo(3);
      assertThat(m.readBytes(buf, 3)).isEqualTo(1);
      assertThat(m.readBytes(buf, 3)).isEqualTo(-1);
    }
  }

  @Nested
  @DisplayName("3.11.5 MapMessage")
  class Maps {
    @Test
    @DisplayName("3.11.5 every type set is got back by name")
    void allTypes() throws Exception {
      MapMessage m = session.createMapMessage();
      m.setBoolean("bo", true);
      m.setByte("by", (byte) 1);
      m.setShort("sh", (short) 2);
      m.setChar("ch", 'c');
      m.setInt("in", 3);
      m.setLong("lo", 4L);
      m.setFloat("fl", 5.5f);
      m.setDouble("do", 6.5);
      m.setString("st", "s");
      m.setBytes("bs", new byte[] {7});
      m.setObject("ob", 8);
      MapMessage r = roundTrip(m);
      assertThat(r.getBoolean("bo")).isTrue();
      assertThat(r.getByte("by")).isEqualTo((byte) 1);
      assertThat(r.getShort("sh")).isEqualTo((short) 2);
      assertThat(r.getChar("ch")).isEqualTo('c');
      assertThat(r.getInt("in")).isEqualTo(3);
      assertThat(r.getLong("lo")).isEqualTo(4L);
      assertThat(r.getFloat("fl")).isEqualTo(5.5f);
      assertThat(r.getDouble("do")).isEqualTo(6.5);
      assertThat(r.getString("st")).isEqualTo("s");
      assertThat(r.getBytes("bs")).containsExactly(7);
      assertThat(r.getObject("ob")).isEqualTo(8);
    }

    @Test
    @DisplayName("3.11.3 map values convert by the table: int as long and String, not as boolean")
    void conversions() throws Exception {
      MapMessage m = session.createMapMessage();
      m.setInt("i", 5);
      assertThat(m.getLong("i")).isEqualTo(5L);
      assertThat(m.getString("i")).isEqualTo("5");
      assertThatThrownBy(() -> m.getBoolean("i")).isInstanceOf(MessageFormatException.class);
      assertThatThrownBy(() -> m.getBytes("i")).isInstanceOf(MessageFormatException.class);
      assertThatThrownBy(() -> m.getChar("i")).isInstanceOf(MessageFormatException.class);
    }

    @Test
    @DisplayName("3.11.5 itemExists and getMapNames")
    void names() throws Exception {
      MapMessage m = session.createMapMessage();
      m.setInt("a", 1);
      m.setInt("b", 2);
      assertThat(m.itemExists("a")).isTrue();
      assertThat(m.itemExists("z")).isFalse();
      assertThat(Collections.list(m.getMapNames())).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    @DisplayName("3.10 a received MapMessage is read-only until clearBody, which empties it")
    void readOnly() throws Exception {
      MapMessage m = session.createMapMessage();
      m.setInt("a", 1);
      MapMessage r = roundTrip(m);
      assertThatThrownBy(() -> r.setInt("b", 2)).isInstanceOf(MessageNotWriteableException.class);
      r.clearBody();
      assertThat(r.itemExists("a")).isFalse();
      r.setInt("b", 2);
    }

    @Test
    @DisplayName("3.11.5 setObject refuses a non-JMS type; a null or empty name is IllegalArgumentException")
    void badInput() throws Exception {
      MapMessage m = session.createMapMessage();
      assertThatThrownBy(() -> m.setObject("o", new ArrayList<>())).isInstanceOf(MessageFormatException.class);
      assertThatThrownBy(() -> m.setInt(null, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> m.setInt("", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("3.11.9 getBody(Map.class) returns the entries")
    void getBody() throws Exception {
      MapMessage m = session.createMapMessage();
      m.setString("k", "v");
      @SuppressWarnings("unchecked")
      Map<String, Object> body = roundTrip(m).getBody(Map.class);
      assertThat(body).containsEntry("k", "v");
    }

    @Test
    @DisplayName("3.11.5 a missing name reads as null or valueOf(null)")
    void missing() throws Exception {
      MapMessage m = session.createMapMessage();
      assertThat(m.getString("x")).isNull();
      assertThat(m.getBoolean("x")).isFalse();
      assertThatThrownBy(() -> m.getInt("x")).isInstanceOf(NumberFormatException.class);
    }
  }

  @Nested
  @DisplayName("3.11.6 StreamMessage")
  class Streams {
    @Test
    @DisplayName("3.11.6 values are read back in the order written")
    void order() throws Exception {
      StreamMessage m = session.createStreamMessage();
      m.writeInt(1);
      m.writeString("two");
      m.writeBoolean(true);
      m.writeChar('c');
      m.writeDouble(4.5);
      m.writeObject(5L);
      StreamMessage r = roundTrip(m);
      assertThat(r.readInt()).isEqualTo(1);
      assertThat(r.readString()).isEqualTo("two");
      assertThat(r.readBoolean()).isTrue();
      assertThat(r.readChar()).isEqualTo('c');
      assertThat(r.readDouble()).isEqualTo(4.5);
      assertThat(r.readObject()).isEqualTo(5L);
      assertThatThrownBy(r::readInt).isInstanceOf(MessageEOFException.class);
    }

    @Test
    @DisplayName("3.11.3 a failed conversion throws and leaves the position where it was")
    void failedConversionKeepsPosition() throws Exception {
      StreamMessage m = session.createStreamMessage();
      m.writeString("abc");
      m.reset();
      assertThatThrownBy(m::readInt).isInstanceOf(NumberFormatException.class);
      assertThatThrownBy(m::readChar).isInstanceOf(MessageFormatException.class);
      assertThat(m.readString()).isEqualTo("abc");
    }

    @Test
    @DisplayName("3.11.3 stream values convert by the table: short as int, long and String")
    void conversions() throws Exception {
      StreamMessage m = session.createStreamMessage();
      m.writeShort((short) 3);
      m.writeShort((short) 3);
      m.writeShort((short) 3);
      m.writeFloat(1.5f);
      m.reset();
      assertThat(m.readInt()).isEqualTo(3);
      assertThat(m.readLong()).isEqualTo(3L);
      assertThat(m.readString()).isEqualTo("3");
      assertThatThrownBy(m::readLong).isInstanceOf(MessageFormatException.class);
      assertThat(m.readDouble()).isEqualTo(1.5);
    }

    @Test
    @DisplayName("3.11.6 readBytes reads a byte[] field piecewise and returns -1 at its end")
    void readBytesPiecewise() throws Exception {
      StreamMessage m = session.createStreamMessage();
      m.writeBytes(new byte[] {1, 2, 3, 4, 5});
      m.writeInt(9);
      m.reset();
      byte[] buf = new byte[2];
      assertThat(m.readBytes(buf)).isEqualTo(2);
      assertThat(m.readBytes(buf)).isEqualTo(2);
      assertThat(m.readBytes(buf)).isEqualTo(1);
      assertThat(m.readInt()).isEqualTo(9);
    }

    @Test
    @DisplayName("3.11.6 write-only until reset, read-only after")
    void modes() throws Exception {
      StreamMessage m = session.createStreamMessage();
      m.writeInt(1);
      assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
      m.reset();
      assertThatThrownBy(() -> m.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    @DisplayName("3.11.9 getBody on a StreamMessage is MessageFormatException and isBodyAssignableTo false")
    void getBody() throws Exception {
      StreamMessage m = session.createStreamMessage();
      assertThat(m.isBodyAssignableTo(Object.class)).isFalse();
      assertThatThrownBy(() -> m.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    @DisplayName("3.11.6 a null value reads as null String and as false boolean")
    void nullValue() throws Exception {
      StreamMessage m = session.createStreamMessage();
      m.writeObject(null);
      m.writeObject(null);
      m.reset();
      assertThat(m.readString()).isNull();
      assertThat(m.readBoolean()).isFalse();
    }
  }

  @Nested
  @DisplayName("3.11.7 ObjectMessage")
  class Objects {
    record Point(int x, int y) implements Serializable {}

    @Test
    @DisplayName("3.11.7 a serializable object arrives equal")
    void roundTripObject() throws Exception {
      assertThat(roundTrip(session.createObjectMessage(new Point(1, 2))).getObject()).isEqualTo(new Point(1, 2));
    }

    @Test
    @DisplayName("3.11.7 the object is copied at setObject: later changes do not show")
    void copiedOnSet() throws Exception {
      ArrayList<String> list = new ArrayList<>(java.util.List.of("a"));
      ObjectMessage m = session.createObjectMessage(list);
      list.add("b");
      assertThat(m.getObject()).isEqualTo(java.util.List.of("a"));
    }

    @Test
    @DisplayName("3.11.7 a non-serializable object graph is MessageFormatException")
    void notSerializable() throws Exception {
      ObjectMessage m = session.createObjectMessage();
      ArrayList<Object> list = new ArrayList<>();
      list.add(new Object());
      assertThatThrownBy(() -> m.setObject(list)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    @DisplayName("3.11.9 getBody(Serializable.class) returns the object")
    void getBody() throws Exception {
      ObjectMessage m = session.createObjectMessage("str");
      assertThat(m.getBody(Serializable.class)).isEqualTo("str");
      assertThat(m.getBody(String.class)).isEqualTo("str");
      assertThat(m.isBodyAssignableTo(Integer.class)).isFalse();
    }

    @Test
    @DisplayName("3.10 a received ObjectMessage is read-only until clearBody")
    void readOnly() throws Exception {
      ObjectMessage r = roundTrip(session.createObjectMessage("x"));
      assertThatThrownBy(() -> r.setObject("y")).isInstanceOf(MessageNotWriteableException.class);
      r.clearBody();
      assertThat(r.getObject()).isNull();
    }
  }

  @Nested
  @DisplayName("3.11.1 Message without a body")
  class Plain {
    @Test
    @DisplayName("3.11.9 getBody of a plain Message is null and any type is assignable")
    void noBody() throws Exception {
      Message r = roundTrip(session.createMessage());
      assertThat(r.getBody(String.class)).isNull();
      assertThat(r.isBodyAssignableTo(Integer.class)).isTrue();
    }
  }
}
