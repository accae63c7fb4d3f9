package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error and changes nothing. */
class BadCommandTest {
  private TableFixture f;
  private List<LockView> viewsBefore;
  private LockStats statsBefore;

  @BeforeEach
  void setUp() {
    f = new TableFixture().open(1, 2);
    f.x(1, "a");
    f.s(2, "b");
    f.x(2, "a");
    viewsBefore = f.table.views();
    statsBefore = f.table.stats();
  }

  private void assertIntact() {
    assertThat(f.table.views()).isEqualTo(viewsBefore);
    assertThat(f.table.stats()).isEqualTo(statsBefore);
  }

  private LockResult applyBytes(byte[] bytes) {
    byte[] snapshot = f.table.snapshot();
    LockResult r = f.table.apply(bytes, f.now + 1).result();
    assertThat(f.table.snapshot()).as("undecodable commands change nothing at all").isEqualTo(snapshot);
    return r;
  }

  @Test
  void unknownModeCode_badCommand() {
    byte[] bytes = LockCodec.encodeCommand(new LockCommand.Acquire(new InvocationId(1, 99), 1, "a", LockMode.SHARED, true));
    bytes[bytes.length - 2] = 9; // the mode byte
    LockResult r = applyBytes(bytes);
    assertThat(r.status()).isEqualTo(Status.BAD_COMMAND);
    assertThat(r.message()).contains("unknown lock mode code 9");
    assertIntact();
  }

  @Test
  void unknownModeName_refusedWithAcceptedValues() {
    assertThatThrownBy(() -> LockMode.parse("upgrade")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown lock mode 'upgrade' (expected shared or exclusive)");
    assertThatThrownBy(() -> LockMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(LockMode.parse(" Exclusive ")).isEqualTo(LockMode.EXCLUSIVE);
  }

  @Test
  void missingMode_badCommand() {
    LockResult r = f.run(new LockCommand.Acquire(f.next(1), 1, "c", null, true));
    assertThat(r.status()).isEqualTo(Status.BAD_COMMAND);
    assertThat(r.message()).contains("missing lock mode");
    assertIntact();
  }

  @Test
  void releaseByNonHolder_refused() {
    LockResult r = f.releaseX(2, "a");
    assertThat(r.status()).isEqualTo(Status.NOT_HOLDER);
    assertThat(r.message()).isEqualTo("2/1 does not hold 'a' exclusive");
    assertThat(f.releaseX(2, "nothing").status()).isEqualTo(Status.NOT_HOLDER);
    assertIntact();
  }

  @Test
  void unknownSession_refusedEverywhere() {
    assertThat(f.x(77, "a").status()).isEqualTo(Status.UNKNOWN_SESSION);
    assertThat(f.releaseX(77, "a").status()).isEqualTo(Status.UNKNOWN_SESSION);
    assertThat(f.cancel(new InvocationId(77, 1)).status()).isEqualTo(Status.UNKNOWN_SESSION);
    assertThat(f.run(new LockCommand.KeepAlive(77)).message()).isEqualTo("unknown or expired session 77");
    assertIntact();
  }

  @Test
  void blankOrHugeResource_badCommand() {
    assertThat(f.x(1, " ").message()).isEqualTo("missing resource name");
    assertThat(f.x(1, null).status()).isEqualTo(Status.BAD_COMMAND);
    char[] big = new char[LockTable.MAX_RESOURCE_LENGTH + 1];
    Arrays.fill(big, 'z');
    assertThat(f.x(1, new String(big)).message()).contains("longer than");
    assertIntact();
  }

  @Test
  void badLeaseOrSequence_badCommand() {
    assertThat(f.run(new LockCommand.OpenSession(3, 0)).status()).isEqualTo(Status.BAD_COMMAND);
    assertThat(f.run(new LockCommand.OpenSession(3, LockTable.MAX_LEASE_MILLIS + 1)).status()).isEqualTo(Status.BAD_COMMAND);
    assertThat(f.run(new LockCommand.Acquire(new InvocationId(1, 0), 1, "c", LockMode.SHARED, true)).message())
        .contains("sequence must be positive");
    assertThat(f.run(new LockCommand.Cancel(new InvocationId(1, -1))).status()).isEqualTo(Status.BAD_COMMAND);
    assertThat(f.table.apply((LockCommand) null, f.now).result().status()).isEqualTo(Status.BAD_COMMAND);
    assertIntact();
  }

  @Test
  void secondWaitOfTheSameOwner_refused() {
    LockResult r = f.x(2, "c");
    assertThat(r.status()).isEqualTo(Status.ALREADY_WAITING);
    assertThat(r.message()).contains("already waits for 'a'");
    assertIntact();
  }

  @Test
  void corruptBytes_badCommand() {
    byte[] good = LockCodec.encodeCommand(new LockCommand.Release(new InvocationId(1, 99), 1, "a", LockMode.EXCLUSIVE));
    assertThat(applyBytes(Arrays.copyOf(good, good.length - 1)).message()).contains("truncated");
    assertThat(applyBytes(Arrays.copyOf(good, good.length + 1)).message()).contains("trailing");
    assertThat(applyBytes(new byte[] {42}).message()).contains("unknown type 42");
    assertThat(applyBytes(new byte[0]).status()).isEqualTo(Status.BAD_COMMAND);
    assertThat(applyBytes(null).status()).isEqualTo(Status.BAD_COMMAND);
    assertIntact();
  }

  @Test
  void corruptSnapshot_refused_tableKept() {
    byte[] snap = f.table.snapshot();
    assertThatThrownBy(() -> f.table.restore(Arrays.copyOf(snap, snap.length - 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock snapshot");
    byte[] badMagic = snap.clone();
    badMagic[0] = 0;
    assertThatThrownBy(() -> f.table.restore(badMagic)).hasMessageContaining("bad magic");
    assertIntact();
  }
}
