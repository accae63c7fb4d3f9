package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.raft.core.EntryType;
import io.dsync.raft.core.HardState;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.SnapshotImage;
import io.dsync.raft.log.FileRaftStorage;
import io.dsync.raft.log.FsyncPolicy;
import io.dsync.raft.log.RaftStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: the simulation's disk means what the real one means. Method: random sequences of
 * appends, truncations, term/vote writes and snapshots (matching and conflicting) go to both
 * {@link SimStorage} and {@link FileRaftStorage}; after a sync, what a restart loads must be
 * the same.
 */
class RaftStorageContractTest {
  @TempDir Path dir;

  @Test
  void randomHistories_simAndFileStorageLoadTheSame() {
    for (long seed = 1; seed <= 40; seed++) {
      Random rnd = new Random(seed);
      SimStorage sim = new SimStorage(new SimStorage.Registry());
      Path folder = dir.resolve("s" + seed);
      FileRaftStorage file = new FileRaftStorage(folder, FsyncPolicy.NEVER, 512);
      file.load();
      sim.load();
      long last = 0;
      long term = 1;
      long snapIndex = 0;
      for (int step = 0; step < 60; step++) {
        int op = rnd.nextInt(10);
        if (op < 5) {
          List<LogEntry> batch = new ArrayList<>();
          for (int i = rnd.nextInt(4); i >= 0; i--) {
            batch.add(new LogEntry(++last, term, EntryType.COMMAND, ("s" + seed + "e" + last + "t" + term).getBytes()));
          }
          both(sim, file, s -> s.append(batch));
        } else if (op < 6 && last > snapIndex + 1) {
          long from = snapIndex + 2 + rnd.nextInt((int) (last - snapIndex - 1));
          both(sim, file, s -> s.truncateFrom(from));
          last = from - 1;
          term++;
        } else if (op < 8) {
          term++;
          HardState h = new HardState(term, rnd.nextBoolean() ? null : "n" + rnd.nextInt(3));
          both(sim, file, s -> s.saveHardState(h));
        } else if (last > snapIndex) {
          long at = snapIndex + 1 + rnd.nextInt((int) (last - snapIndex));
          boolean conflicting = rnd.nextInt(4) == 0;
          long t = conflicting ? term + 1 : termOf(sim, at);
          SnapshotImage img = new SnapshotImage(at, t, Membership.of("a", "b"), new byte[] {(byte) seed, (byte) at});
          both(sim, file, s -> s.installSnapshot(img));
          snapIndex = at;
          if (conflicting) {
            last = at;
            term = t;
          }
        }
      }
      both(sim, file, RaftStorage::sync);
      file.close();
      sim.crash(new Random(0)); // everything was synced: nothing to lose
      FileRaftStorage reopened = new FileRaftStorage(folder, FsyncPolicy.NEVER, 512);
      PersistedState a = sim.load();
      PersistedState b = reopened.load();
      reopened.close();
      assertThat(b.hardState()).as("seed %d", seed).isEqualTo(a.hardState());
      assertThat(b.entries()).as("seed %d", seed).isEqualTo(a.entries());
      if (a.snapshot() == null) {
        assertThat(b.snapshot()).isNull();
      } else {
        assertThat(b.snapshot().index()).isEqualTo(a.snapshot().index());
        assertThat(b.snapshot().term()).isEqualTo(a.snapshot().term());
        assertThat(b.snapshot().data()).isEqualTo(a.snapshot().data());
      }
    }
  }

  private static long termOf(SimStorage s, long index) {
    PersistedState p = s.load();
    if (p.snapshot() != null && p.snapshot().index() == index) {
      return p.snapshot().term();
    }
    return p.entries().stream().filter(e -> e.index() == index).findFirst().orElseThrow().term();
  }

  private static void both(SimStorage sim, FileRaftStorage file, java.util.function.Consumer<RaftStorage> op) {
    op.accept(sim);
    op.accept(file);
  }
}
