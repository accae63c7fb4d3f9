package io.dsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.wire.ByteArrayWireInput;
import io.dsync.wire.ByteArrayWireOutput;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireFormatException;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  @Test
  void codec_roundTrips_andRejectsTruncated() {
    MessageRegistry registry = ClusterMessages.register(new MessageRegistry());
    ClusterMessages.register(registry); // idempotent
    ByteArrayWireOutput out = new ByteArrayWireOutput();
    int id = registry.encode(new Heartbeat(42, 7), out);
    assertThat(id).isEqualTo(Heartbeat.TYPE_ID).isBetween(ClusterMessages.FIRST_ID, ClusterMessages.LAST_ID);
    assertThat(registry.decode(id, new ByteArrayWireInput(out.toByteArray())))
        .isEqualTo(new Heartbeat(42, 7));
    byte[] truncated = java.util.Arrays.copyOf(out.toByteArray(), 12);
    assertThatThrownBy(() -> registry.decode(id, new ByteArrayWireInput(truncated)))
        .isInstanceOf(WireFormatException.class);
  }
}
