package io.dsync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ByteBufWireTest {

  @Test
  void writeThenRead_allTypes_sameValues() {
    ByteBuf buf = Unpooled.buffer();
    ByteBufWireOutput out = new ByteBufWireOutput(buf);
    out.writeByte(-3);
    out.writeInt(123456);
    out.writeLong(-9L);
    out.writeBoolean(true);
    out.writeDouble(2.5);
    out.writeString("héllo");
    out.writeString(null);
    out.writeByteArray(new byte[] {1, 2, 3});
    WireInput in = ByteBufWireInput.readable(buf);
    assertThat(in.readByte()).isEqualTo(-3);
    assertThat(in.readInt()).isEqualTo(123456);
    assertThat(in.readLong()).isEqualTo(-9L);
    assertThat(in.readBoolean()).isTrue();
    assertThat(in.readDouble()).isEqualTo(2.5);
    assertThat(in.readString()).isEqualTo("héllo");
    assertThat(in.readString()).isNull();
    assertThat(in.readByteArray()).containsExactly(1, 2, 3);
    assertThat(in.remaining()).isZero();
  }

  @Test
  void sameBytesAsByteArrayWireOutput() {
    ByteBuf buf = Unpooled.buffer();
    ByteArrayWireOutput array = new ByteArrayWireOutput();
    for (WireOutput out : new WireOutput[] {new ByteBufWireOutput(buf), array}) {
      out.writeLong(0x0102030405060708L);
      out.writeString("x");
    }
    byte[] fromBuf = new byte[buf.readableBytes()];
    buf.readBytes(fromBuf);
    assertThat(fromBuf).isEqualTo(array.toByteArray());
  }

  @Test
  void readPastSlice_failsWithWireFormatException() {
    ByteBuf buf = Unpooled.buffer().writeInt(7).writeInt(8);
    WireInput in = new ByteBufWireInput(buf, 0, 6);
    assertThat(in.readInt()).isEqualTo(7);
    assertThatThrownBy(in::readInt).isInstanceOf(WireFormatException.class).hasMessageContaining("truncated");
  }

  @Test
  void hugeArrayLength_failsWithoutAllocating() {
    ByteBuf buf = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeInt(1);
    assertThatThrownBy(ByteBufWireInput.readable(buf)::readByteArray).isInstanceOf(WireFormatException.class);
  }

  @Test
  void outputLimit_exceeded_fails() {
    ByteBufWireOutput out = new ByteBufWireOutput(Unpooled.buffer(), 6);
    out.writeInt(1);
    assertThatThrownBy(() -> out.writeInt(2)).isInstanceOf(WireFormatException.class);
  }

  @Test
  void badSlice_rejected() {
    assertThatThrownBy(() -> new ByteBufWireInput(Unpooled.buffer(4, 4), 2, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
