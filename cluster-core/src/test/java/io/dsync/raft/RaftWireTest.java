package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.raft.RaftWire.Envelope;
import io.dsync.raft.core.EntryType;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.RaftMessage;
import io.dsync.wire.ByteArrayWireInput;
import io.dsync.wire.ByteArrayWireOutput;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft's codecs: every message round-trips; malformed bytes are a clear wire error. */
class RaftWireTest {
  private final MessageRegistry registry = RaftWire.register(new MessageRegistry());

  private Object roundTrip(io.dsync.wire.Message m) {
    ByteArrayWireOutput out = new ByteArrayWireOutput();
    int id = registry.encode(m, out);
    return registry.decode(id, new ByteArrayWireInput(out.toByteArray()));
  }

  @Test
  void everyMessage_roundTrips() {
    List<RaftMessage> all = List.of(
        new RaftMessage.VoteRequest(3, 10, 2, true, false),
        new RaftMessage.VoteResponse(3, true, true),
        new RaftMessage.AppendRequest(4, 9, 3, List.of(new LogEntry(10, 4, EntryType.COMMAND, new byte[] {1, 2}),
            LogEntry.noop(11, 4)), 8, 77, false),
        new RaftMessage.AppendResponse(4, false, 0, 5, 2, 9, 77, true),
        new RaftMessage.SnapshotRequest(4, 100, 3, Membership.of("a", "b"), 64, new byte[] {9}, true),
        new RaftMessage.SnapshotResponse(4, 100, 65, true, 100),
        new RaftMessage.TimeoutNow(5));
    for (RaftMessage m : all) {
      Envelope back = (Envelope) roundTrip(new Envelope("kv", m));
      assertThat(back.group()).isEqualTo("kv");
      assertThat(back.message()).usingRecursiveComparison().isEqualTo(m);
    }
    RaftWire.ForwardRequest fr = (RaftWire.ForwardRequest) roundTrip(new RaftWire.ForwardRequest("g", true, new byte[] {7}));
    assertThat(fr.read()).isTrue();
    assertThat(fr.payload()).containsExactly(7);
  }

  @Test
  void malformed_rejectedAsWireError() {
    ByteArrayWireOutput out = new ByteArrayWireOutput();
    registry.encode(new Envelope("kv", new RaftMessage.TimeoutNow(1)), out);
    byte[] good = out.toByteArray();
    byte[] badKind = good.clone();
    badKind[badKind.length - 1] = 42;
    assertThatThrownBy(() -> registry.decode(RaftWire.ENVELOPE_ID, new ByteArrayWireInput(badKind)))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("kind");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> registry.decode(RaftWire.ENVELOPE_ID, new ByteArrayWireInput(truncated)))
        .isInstanceOf(WireFormatException.class);
    ByteArrayWireOutput neg = new ByteArrayWireOutput();
    neg.writeString("kv");
    neg.writeLong(-5);
    neg.writeByte(7);
    assertThatThrownBy(() -> registry.decode(RaftWire.ENVELOPE_ID, new ByteArrayWireInput(neg.toByteArray())))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("negative");
  }
}
