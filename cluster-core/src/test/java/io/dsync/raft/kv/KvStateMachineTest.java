package io.dsync.raft.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KvStateMachineTest {

  @Test
  void putGetDelete_roundTrip() {
    KvStateMachine kv = new KvStateMachine();
    assertThat(KvCommands.value(kv.apply(1, KvCommands.put("a", "1".getBytes())))).isNull();
    assertThat(KvCommands.value(kv.apply(2, KvCommands.put("a", "2".getBytes())))).isEqualTo("1".getBytes());
    assertThat(KvCommands.value(kv.query(KvCommands.get("a")))).isEqualTo("2".getBytes());
    assertThat(KvCommands.value(kv.apply(3, KvCommands.delete("a")))).isEqualTo("2".getBytes());
    assertThat(KvCommands.value(kv.query(KvCommands.get("a")))).isNull();
  }

  @Test
  void compareAndSet_swapsOnlyOnMatch() {
    KvStateMachine kv = new KvStateMachine();
    assertThat(KvCommands.swapped(kv.apply(1, KvCommands.compareAndSet("a", null, "1".getBytes())))).isTrue();
    assertThat(KvCommands.swapped(kv.apply(2, KvCommands.compareAndSet("a", null, "2".getBytes())))).isFalse();
    assertThat(KvCommands.swapped(kv.apply(3, KvCommands.compareAndSet("a", "1".getBytes(), "3".getBytes())))).isTrue();
    assertThat(KvCommands.value(kv.query(KvCommands.get("a")))).isEqualTo("3".getBytes());
  }

  @Test
  void snapshotRestore_sameState() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, KvCommands.put("a", "1".getBytes()));
    kv.apply(2, KvCommands.put("b", new byte[0]));
    KvStateMachine copy = new KvStateMachine();
    copy.restore(kv.snapshot());
    assertThat(copy.snapshot()).isEqualTo(kv.snapshot());
    assertThat(copy.size()).isEqualTo(2);
  }

  @Test
  void malformedCommand_errorResult_stateUnchanged() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, KvCommands.put("a", "1".getBytes()));
    byte[] before = kv.snapshot();
    byte[] r = kv.apply(2, new byte[] {1, 0});
    assertThatThrownBy(() -> KvCommands.value(r)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kv error");
    byte[] unknown = kv.apply(3, new byte[] {9, 0, 1, 'k'});
    assertThatThrownBy(() -> KvCommands.value(unknown)).hasMessageContaining("unknown command");
    assertThatThrownBy(() -> KvCommands.value(kv.query(new byte[] {7}))).hasMessageContaining("kv error");
    assertThat(kv.snapshot()).isEqualTo(before);
  }

  @Test
  void put_asciiAndNonAsciiKeys_sameResultsAsTheStreamDecoder() {
    KvStateMachine kv = new KvStateMachine();
    byte[] big = new byte[1024];
    big[7] = 42;
    assertThat(KvCommands.value(kv.apply(1, KvCommands.put("key-1", big)))).isNull();
    assertThat(KvCommands.value(kv.apply(2, KvCommands.put("key-1", "x".getBytes())))).isEqualTo(big);
    assertThat(KvCommands.value(kv.apply(3, KvCommands.put("ключ\u0000", big)))).isNull();
    assertThat(KvCommands.value(kv.query(KvCommands.get("ключ\u0000")))).isEqualTo(big);
    assertThat(KvCommands.value(kv.apply(4, KvCommands.put("", new byte[0])))).isNull();
    assertThat(KvCommands.value(kv.query(KvCommands.get("")))).isEqualTo(new byte[0]);
    assertThat(kv.size()).isEqualTo(3);
  }

  @Test
  void put_valueLongerThanTheCommand_errorResult_stateUnchanged() {
    KvStateMachine kv = new KvStateMachine();
    byte[] before = kv.snapshot();
    byte[] cmd = KvCommands.put("k", new byte[4]);
    cmd[cmd.length - 5] = 9; // length 4 -> 9 while 4 bytes follow
    assertThatThrownBy(() -> KvCommands.value(kv.apply(1, cmd))).hasMessageContaining("bad value length");
    byte[] absent = KvCommands.put("k", new byte[0]);
    absent[absent.length - 5] = 0; // value tag "absent"
    assertThatThrownBy(() -> KvCommands.value(kv.apply(2, java.util.Arrays.copyOf(absent, absent.length - 4))))
        .hasMessageContaining("put needs a value");
    assertThat(kv.snapshot()).isEqualTo(before);
  }

  @Test
  void malformedSnapshot_refused_stateKept() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, KvCommands.put("a", "1".getBytes()));
    assertThatThrownBy(() -> kv.restore(new byte[] {0, 0, 0, 5, 1})).isInstanceOf(IllegalArgumentException.class);
    assertThat(kv.size()).isEqualTo(1);
  }
}
