package io.dsync.lock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Goal: replicas that apply the same log agree, including one that joins late from a snapshot.
 * Method: a seeded random log of encoded commands (valid, retried and corrupt) is applied by three
 * tables; the third restores from the first's snapshot half-way. Results and final snapshots must
 * be byte-identical.
 */
class ReplicaAgreementTest {

  @Test
  void sameLog_sameResults_sameSnapshots() {
    long seed = Long.getLong("dsync.seed", 99L);
    Random rnd = new Random(seed);
    List<byte[]> log = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    long now = 0;
    long seq = 0;
    for (int i = 0; i < 3_000; i++) {
      now += rnd.nextInt(200);
      long s = 1 + rnd.nextInt(4);
      LockCommand c = switch (rnd.nextInt(8)) {
        case 0 -> new LockCommand.OpenSession(s, 1_500);
        case 1 -> new LockCommand.KeepAlive(s);
        case 2, 3 -> new LockCommand.Acquire(new InvocationId(s, ++seq), rnd.nextInt(2), "r" + rnd.nextInt(4),
            rnd.nextBoolean() ? LockMode.SHARED : LockMode.EXCLUSIVE, rnd.nextInt(4) != 0);
        case 4, 5 -> new LockCommand.Release(new InvocationId(s, ++seq), rnd.nextInt(2), "r" + rnd.nextInt(4),
            rnd.nextBoolean() ? LockMode.SHARED : LockMode.EXCLUSIVE);
        case 6 -> new LockCommand.Cancel(new InvocationId(s, Math.max(1, seq - rnd.nextInt(5))));
        default -> new LockCommand.Tick();
      };
      byte[] bytes = LockCodec.encodeCommand(c);
      if (rnd.nextInt(50) == 0) {
        bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 + rnd.nextInt(255));
      }
      log.add(bytes);
      times.add(now);
    }
    LockTable a = new LockTable();
    LockTable b = new LockTable();
    LockTable c = null;
    for (int i = 0; i < log.size(); i++) {
      if (i == log.size() / 2) {
        c = new LockTable();
        c.restore(a.snapshot());
      }
      Applied ra = a.apply(log.get(i), times.get(i));
      Applied rb = b.apply(log.get(i), times.get(i));
      assertThat(rb).as("seed %d entry %d", seed, i).isEqualTo(ra);
      if (c != null) {
        assertThat(c.apply(log.get(i), times.get(i))).as("seed %d entry %d (restored replica)", seed, i).isEqualTo(ra);
      }
    }
    assertThat(b.snapshot()).isEqualTo(a.snapshot());
    assertThat(c.snapshot()).isEqualTo(a.snapshot());
    assertThat(a.stats().lastFence()).isPositive();
  }
}
