package io.dsync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private final MessageRegistry registry = TestMessages.registry();

  private ByteBuf encode(int flags, long id, Message m, boolean crc) {
    ByteBuf buf = Unpooled.buffer();
    FrameCodec.encode(buf, flags, id, m, registry, crc, FrameCodec.DEFAULT_MAX_FRAME_BYTES);
    return buf;
  }

  @Test
  void encode_oneWay_layoutMatchesDocumentedHeader() {
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("hi"), false);
    assertThat(buf.getInt(0)).isEqualTo(buf.readableBytes() - 4);
    assertThat(buf.getUnsignedByte(4)).isEqualTo((short) FrameCodec.PROTOCOL_VERSION);
    assertThat(buf.getUnsignedByte(5)).isEqualTo((short) FrameFlags.ONE_WAY);
    assertThat(buf.getUnsignedShort(6)).isEqualTo(TestMessages.Text.TYPE_ID);
    assertThat(buf.getLong(8)).isZero();
    assertThat(buf.readableBytes()).isEqualTo(16 + 4 + 2);
  }

  @Test
  void roundTrip_everyKind_decodesSameFields() {
    for (boolean crc : new boolean[] {false, true}) {
      for (int flags : new int[] {FrameFlags.ONE_WAY, FrameFlags.REQUEST, FrameFlags.RESPONSE,
          FrameFlags.RESPONSE | FrameFlags.ERROR}) {
        long id = flags == FrameFlags.ONE_WAY ? 0 : 42;
        Message m = (flags & FrameFlags.ERROR) != 0 ? new ErrorResponse("boom", "it broke")
            : new TestMessages.Seq("a", 7);
        ByteBuf buf = encode(flags, id, m, crc);
        Frame frame = FrameCodec.decode(buf, registry, FrameCodec.DEFAULT_MAX_FRAME_BYTES);
        assertThat(frame).isNotNull();
        assertThat(frame.message()).isEqualTo(m);
        assertThat(frame.correlationId()).isEqualTo(id);
        assertThat(frame.flags() & ~FrameFlags.CRC).isEqualTo(flags);
        assertThat((frame.flags() & FrameFlags.CRC) != 0).isEqualTo(crc);
        assertThat(buf.isReadable()).isFalse();
      }
    }
  }

  @Test
  void decode_partialFrame_returnsNullAndReadsNothing() {
    ByteBuf whole = encode(FrameFlags.REQUEST, 5, new TestMessages.Text("hello"), true);
    for (int cut = 0; cut < whole.readableBytes(); cut++) {
      ByteBuf part = whole.slice(0, cut);
      assertThat(FrameCodec.decode(part, registry, 1 << 20)).isNull();
      assertThat(part.readerIndex()).isZero();
    }
  }

  @Test
  void decode_twoFramesInOneBuffer_decodesBoth() {
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("one"), false);
    FrameCodec.encode(buf, FrameFlags.ONE_WAY, 0, new TestMessages.Text("two"), registry, false, 1 << 20);
    assertThat(FrameCodec.decode(buf, registry, 1 << 20).message()).isEqualTo(new TestMessages.Text("one"));
    assertThat(FrameCodec.decode(buf, registry, 1 << 20).message()).isEqualTo(new TestMessages.Text("two"));
    assertThat(FrameCodec.decode(buf, registry, 1 << 20)).isNull();
  }

  @Test
  void decode_oversizedLength_failsBeforeBytesArrive() {
    ByteBuf buf = Unpooled.buffer().writeInt(2_000_000);
    assertThatThrownBy(() -> FrameCodec.decode(buf, registry, 1 << 20))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("exceeds the maximum");
  }

  @Test
  void decode_negativeOrTinyLength_fails() {
    assertThatThrownBy(() -> FrameCodec.decode(Unpooled.buffer().writeInt(-1), registry, 1 << 20))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> FrameCodec.decode(Unpooled.buffer().writeInt(3), registry, 1 << 20))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("below the header size");
  }

  @Test
  void decode_badVersion_fails() {
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("x"), false);
    buf.setByte(4, 9);
    assertThatThrownBy(() -> FrameCodec.decode(buf, registry, 1 << 20))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("unsupported protocol version 9");
  }

  @Test
  void decode_unknownType_fails() {
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("x"), false);
    buf.setShort(6, 4321);
    assertThatThrownBy(() -> FrameCodec.decode(buf, registry, 1 << 20))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("unknown message type 4321");
  }

  @Test
  void decode_badFlags_fail() {
    int[][] cases = {{0x00, 1}, {FrameFlags.REQUEST | FrameFlags.RESPONSE, 1}, {0x40 | FrameFlags.ONE_WAY, 0},
        {FrameFlags.REQUEST | FrameFlags.ERROR, 1}, {FrameFlags.ONE_WAY, 1}, {FrameFlags.REQUEST, 0}};
    for (int[] c : cases) {
      ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("x"), false);
      buf.setByte(5, c[0]);
      buf.setLong(8, c[1]);
      assertThatThrownBy(() -> FrameCodec.decode(buf, registry, 1 << 20))
          .as("flags 0x%x id %d", c[0], c[1])
          .isInstanceOf(WireFormatException.class);
    }
  }

  @Test
  void decode_corruptedBodyWithCrc_failsOnChecksum() {
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("hello"), true);
    buf.setByte(buf.writerIndex() - 6, 'X');
    assertThatThrownBy(() -> FrameCodec.decode(buf, registry, 1 << 20))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void decode_trailingBytesInBody_fails() {
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("hello"), false);
    buf.writeByte(0);
    buf.setInt(0, buf.getInt(0) + 1);
    assertThatThrownBy(() -> FrameCodec.decode(buf, registry, 1 << 20))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void decode_handshakeWithInvalidNodeId_fails() {
    ByteBuf buf = Unpooled.buffer();
    ByteBufWireOutput out = new ByteBufWireOutput(buf);
    out.writeInt(0);
    out.writeByte(1);
    out.writeByte(FrameFlags.ONE_WAY);
    buf.writeShort(Handshake.TYPE_ID);
    out.writeLong(0);
    out.writeInt(1);
    out.writeString("bad id with spaces");
    buf.setInt(0, buf.readableBytes() - 4);
    assertThatThrownBy(() -> FrameCodec.decode(buf, registry, 1 << 20))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("invalid node id");
  }

  @Test
  void encode_tooLarge_failsAndLeavesBufferUnchanged() {
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, new TestMessages.Text("first"), false);
    int before = buf.writerIndex();
    assertThatThrownBy(() -> FrameCodec.encode(buf, FrameFlags.ONE_WAY, 0,
            new TestMessages.Blob(new byte[4096]), registry, false, 2048))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("does not fit in a frame of 2048 bytes");
    assertThat(buf.writerIndex()).isEqualTo(before);
  }

  @Test
  void encode_unregisteredClass_failsFast() {
    ByteBuf buf = Unpooled.buffer();
    assertThatThrownBy(() -> FrameCodec.encode(buf, FrameFlags.ONE_WAY, 0,
            new TestMessages.Unregistered(1), registry, false, 2048))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not registered");
    assertThat(buf.writerIndex()).isZero();
  }

  @Test
  void encode_inconsistentFlags_rejected() {
    assertThatThrownBy(() -> FrameCodec.encode(Unpooled.buffer(), FrameFlags.ONE_WAY, 3,
            new TestMessages.Text("x"), registry, false, 2048))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void handshake_roundTrip() {
    Handshake hs = new Handshake(1, NodeId.of("client-" + java.util.UUID.randomUUID()));
    ByteBuf buf = encode(FrameFlags.ONE_WAY, 0, hs, false);
    assertThat(FrameCodec.decode(buf, registry, 1 << 20).message()).isEqualTo(hs);
  }
}
