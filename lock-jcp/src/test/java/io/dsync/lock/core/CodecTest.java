package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTest {

  private static final List<LockCommand> COMMANDS = List.of(
      new LockCommand.OpenSession(-5, 30_000),
      new LockCommand.KeepAlive(Long.MAX_VALUE),
      new LockCommand.CloseSession(3),
      new LockCommand.Acquire(new InvocationId(1, 2), 3, "orders/42 — ü", LockMode.SHARED, true),
      new LockCommand.Acquire(new InvocationId(1, 3), 4, "x", LockMode.EXCLUSIVE, false),
      new LockCommand.Release(new InvocationId(9, 8), 7, "x", LockMode.EXCLUSIVE),
      new LockCommand.Cancel(new InvocationId(1, 2)),
      new LockCommand.Tick());

  @Test
  void commands_roundTrip() {
    for (LockCommand c : COMMANDS) {
      assertThat(LockCodec.decodeCommand(LockCodec.encodeCommand(c))).isEqualTo(c);
    }
  }

  @Test
  void missingResourceOrMode_travel_andAreRefusedByTheTable() {
    LockCommand noResource = new LockCommand.Acquire(new InvocationId(1, 1), 1, null, LockMode.SHARED, true);
    assertThat(LockCodec.decodeCommand(LockCodec.encodeCommand(noResource))).isEqualTo(noResource);
    byte[] noMode = LockCodec.encodeCommand(new LockCommand.Release(new InvocationId(1, 1), 1, "x", null));
    assertThatThrownBy(() -> LockCodec.decodeCommand(noMode)).hasMessageContaining("unknown lock mode code 0");
    TableFixture f = new TableFixture().open(1);
    assertThat(f.table.apply(LockCodec.encodeCommand(noResource), f.now).result().status()).isEqualTo(Status.BAD_COMMAND);
    assertThat(f.table.apply(noMode, f.now).result().message()).contains("unknown lock mode code 0");
  }

  @Test
  void acquire_isCompact() {
    byte[] b = LockCodec.encodeCommand(new LockCommand.Acquire(new InvocationId(1, 2), 3, "lock-1", LockMode.SHARED, true));
    assertThat(b).hasSize(1 + 8 + 8 + 8 + 4 + 6 + 1 + 1);
  }

  @Test
  void results_roundTrip() {
    List<LockResult> results = List.of(
        LockResult.ok("fine"),
        LockResult.granted(77),
        LockResult.waiting(3),
        LockResult.cancelled(2, "cancelled"),
        LockResult.error(Status.NOT_HOLDER, "no"),
        LockResult.deadlock(List.of(new WaitEdge(new Owner(1, 2), "a", new Owner(3, 4)),
            new WaitEdge(new Owner(3, 4), "b", new Owner(1, 2)))));
    for (LockResult r : results) {
      assertThat(LockCodec.decodeResult(LockCodec.encodeResult(r))).isEqualTo(r);
    }
  }

  @Test
  void randomBytes_neverDecodeToAnythingButACleanError() {
    long seed = Long.getLong("dsync.seed", 20261124L);
    Random rnd = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      byte[] base = LockCodec.encodeCommand(COMMANDS.get(rnd.nextInt(COMMANDS.size())));
      byte[] b = base.clone();
      int flips = 1 + rnd.nextInt(3);
      for (int k = 0; k < flips; k++) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      try {
        LockCommand c = LockCodec.decodeCommand(b);
        assertThat(c).isNotNull();
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).as("seed %d", seed).startsWith("lock command:").isNotBlank();
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": unexpected " + e, e);
      }
    }
  }

  @Test
  void unknownStatusOrMode_refused() {
    assertThatThrownBy(() -> Status.fromCode(99)).hasMessageContaining("unknown status code 99");
    assertThatThrownBy(() -> LockMode.fromCode(0)).hasMessageContaining("unknown lock mode code 0");
  }
}
