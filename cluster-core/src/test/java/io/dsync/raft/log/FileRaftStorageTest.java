package io.dsync.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.raft.core.EntryType;
import io.dsync.raft.core.HardState;
import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.PersistedState;
import io.dsync.raft.core.SnapshotImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable log: CRC per record, torn tails, corruption, segments, term/vote, snapshots. */
class FileRaftStorageTest {
  @TempDir Path dir;

  /** Command entries {@code from..to} of {@code term}, with bodies naming their index. */
  static List<LogEntry> entries(long from, long to, long term) {
    List<LogEntry> l = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      l.add(new LogEntry(i, term, EntryType.COMMAND, ("entry-" + i).getBytes()));
    }
    return l;
  }

  private FileRaftStorage open() {
    return new FileRaftStorage(dir, FsyncPolicy.ALWAYS, 300);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("log"))) {
      return s.sorted().toList();
    }
  }

  @Test
  void appendSyncReopen_sameEntriesAcrossSegments() {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 30, 1));
      s.saveHardState(new HardState(3, "n2"));
      s.sync();
      assertThat(s.fsyncCount()).isGreaterThanOrEqualTo(1);
    }
    try (FileRaftStorage s = open()) {
      PersistedState p = s.load();
      assertThat(p.entries()).isEqualTo(entries(1, 30, 1));
      assertThat(p.hardState()).isEqualTo(new HardState(3, "n2"));
      s.append(entries(31, 31, 2));
    }
  }

  @Test
  void oneAppendCall_spanningSegmentsAndLargerThanTheWriteBuffer_reopensIntact() throws IOException {
    List<LogEntry> big = new ArrayList<>();
    for (long i = 1; i <= 40; i++) {
      byte[] data = new byte[(int) (i * 997 % 9000) + 3000]; // 40 entries of 3-12 KB: > 64 KiB at once
      java.util.Arrays.fill(data, (byte) i);
      big.add(new LogEntry(i, 1, EntryType.COMMAND, data));
    }
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS, 50_000)) {
      s.load();
      s.append(big.subList(0, 2));
      s.append(big.subList(2, 40));
      s.sync();
    }
    assertThat(segments()).hasSizeGreaterThan(3);
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS, 50_000)) {
      assertThat(s.load().entries()).isEqualTo(big);
    }
  }

  @Test
  void groupCommit_oneFsyncForManyAppends() {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      for (int i = 1; i <= 100; i++) {
        s.append(entries(i, i, 1));
      }
      s.sync();
      assertThat(s.fsyncCount()).isEqualTo(1);
    }
  }

  @Test
  void tornTail_truncatedOnOpen_appendsContinue() throws IOException {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      s.append(entries(1, 10, 1));
      s.sync();
    }
    Path seg = segments().get(0);
    long size = Files.size(seg);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(size - 5); // the last record was only partly written
    }
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThat(s.load().entries()).isEqualTo(entries(1, 9, 1));
      s.append(entries(10, 12, 2));
      s.sync();
    }
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThat(s.load().entries()).hasSize(12).last().extracting(LogEntry::term).isEqualTo(2L);
    }
  }

  @Test
  void zeroPaddedTail_ignored() throws IOException {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      s.append(entries(1, 3, 1));
      s.sync();
    }
    Files.write(segments().get(0), new byte[4096], StandardOpenOption.APPEND);
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThat(s.load().entries()).hasSize(3);
    }
  }

  @Test
  void lastRecordChecksumBad_tornTail() throws IOException {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      s.append(entries(1, 5, 1));
      s.sync();
    }
    Path seg = segments().get(0);
    flip(seg, Files.size(seg) - 2);
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThat(s.load().entries()).hasSize(4);
    }
  }

  @Test
  void writtenAheadZeros_whileOpen_cutOnCleanClose_andAfterACrashOnOpen() throws IOException {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      s.append(entries(1, 5, 1));
      s.sync();
      assertThat(Files.size(segments().get(0))).isGreaterThan(s.logSizeBytes()); // zeros written ahead
      long records = s.logSizeBytes();
      s.close();
      assertThat(Files.size(segments().get(0))).isEqualTo(records);
    }
    // a crash leaves the zeros: they are a torn tail, the entries are whole, appends continue
    Files.write(segments().get(0), new byte[1 << 20], StandardOpenOption.APPEND);
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThat(s.load().entries()).isEqualTo(entries(1, 5, 1));
      s.append(entries(6, 7, 1));
      s.sync();
    }
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThat(s.load().entries()).isEqualTo(entries(1, 7, 1));
    }
  }

  @Test
  void lastRecordChecksumBad_followedByZeros_tornTail() throws IOException {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      s.append(entries(1, 5, 1));
      s.sync();
    }
    Path seg = segments().get(0);
    flip(seg, Files.size(seg) - 2);
    Files.write(seg, new byte[100_000], StandardOpenOption.APPEND);
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThat(s.load().entries()).isEqualTo(entries(1, 4, 1));
    }
  }

  @Test
  void rolledSegments_endAtTheirLastRecord_zerosOnlyInTheLast() throws IOException {
    try (FileRaftStorage s = open()) {
      s.load();
      for (int i = 1; i <= 30; i++) {
        s.append(entries(i, i, 1));
        s.sync();
      }
      List<Path> segs = segments();
      assertThat(segs).hasSizeGreaterThan(2);
      long records = 0;
      for (Path p : segs.subList(0, segs.size() - 1)) {
        records += Files.size(p);
      }
      assertThat(s.logSizeBytes() - records).isLessThanOrEqualTo(Files.size(segs.get(segs.size() - 1)));
      for (Path p : segs.subList(0, segs.size() - 1)) {
        ByteBuffer tail = ByteBuffer.allocate(4);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
          ch.read(tail, Files.size(p) - 4);
        }
        assertThat(tail.array()).isNotEqualTo(new byte[4]); // no zero padding in a left segment
      }
    }
    try (FileRaftStorage s = open()) {
      assertThat(s.load().entries()).isEqualTo(entries(1, 30, 1));
    }
  }

  @Test
  void corruptedMiddle_refusedWithClearError() throws IOException {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      s.append(entries(1, 10, 1));
      s.sync();
    }
    Path seg = segments().get(0);
    flip(seg, 40); // inside the second record
    long before = Files.size(seg);
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      assertThatThrownBy(s::load).isInstanceOf(CorruptLogException.class)
          .hasMessageContaining(seg.getFileName().toString()).hasMessageContaining("checksum mismatch")
          .hasMessageContaining("refusing to start");
    }
    assertThat(Files.size(seg)).as("nothing is cut away from a corrupt log").isEqualTo(before);
  }

  @Test
  void corruptedOlderSegment_refused() throws IOException {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 40, 1));
      s.sync();
    }
    List<Path> segs = segments();
    assertThat(segs.size()).isGreaterThan(2);
    Path first = segs.get(0);
    flip(first, Files.size(first) - 2); // the end of an older segment is no torn tail
    try (FileRaftStorage s = open()) {
      assertThatThrownBy(s::load).isInstanceOf(CorruptLogException.class);
    }
  }

  @Test
  void truncateAcrossSegments_thenReopen() {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 40, 1));
      s.truncateFrom(7);
      s.append(entries(7, 9, 2));
      s.sync();
    }
    try (FileRaftStorage s = open()) {
      List<LogEntry> l = s.load().entries();
      assertThat(l).hasSize(9);
      assertThat(l.get(6).term()).isEqualTo(2);
    }
  }

  @Test
  void snapshot_compactsOldSegments_reopenGivesSnapshotAndSuffix() throws IOException {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 40, 1));
      int before = segments().size();
      s.installSnapshot(new SnapshotImage(30, 1, Membership.of("a", "b"), new byte[] {1, 2, 3}));
      assertThat(segments().size()).isLessThan(before);
    }
    try (FileRaftStorage s = open()) {
      PersistedState p = s.load();
      assertThat(p.snapshot().index()).isEqualTo(30);
      assertThat(p.snapshot().data()).containsExactly(1, 2, 3);
      assertThat(p.snapshot().membership().voters()).containsExactly("a", "b");
      assertThat(p.entries()).extracting(LogEntry::index).containsExactly(31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L, 40L);
    }
  }

  @Test
  void successiveSnapshots_deleteTheLogBelowThem_evenWithLargeSegments() throws IOException {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      s.load();
      s.append(entries(1, 10, 1));
      s.installSnapshot(new SnapshotImage(5, 1, Membership.of("a"), new byte[0]));
      s.append(entries(11, 20, 1));
      s.installSnapshot(new SnapshotImage(15, 1, Membership.of("a"), new byte[0]));
      s.sync();
      assertThat(segments()).hasSize(1);
    }
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.ALWAYS)) {
      PersistedState p = s.load();
      assertThat(p.snapshot().index()).isEqualTo(15);
      assertThat(p.entries()).extracting(LogEntry::index).containsExactly(16L, 17L, 18L, 19L, 20L);
    }
  }

  @Test
  void snapshot_conflictingLog_resetsLog() {
    try (FileRaftStorage s = open()) {
      s.load();
      s.append(entries(1, 10, 1));
      s.installSnapshot(new SnapshotImage(20, 3, Membership.of("a"), new byte[0]));
      s.append(entries(21, 22, 3));
      s.sync();
    }
    try (FileRaftStorage s = open()) {
      PersistedState p = s.load();
      assertThat(p.snapshot().index()).isEqualTo(20);
      assertThat(p.entries()).extracting(LogEntry::index).containsExactly(21L, 22L);
    }
  }

  @Test
  void corruptedHardState_refused() throws IOException {
    try (FileRaftStorage s = open()) {
      s.load();
      s.saveHardState(new HardState(5, "x"));
      s.sync();
    }
    flip(dir.resolve("hardstate"), 6);
    try (FileRaftStorage s = open()) {
      assertThatThrownBy(s::load).isInstanceOf(CorruptLogException.class).hasMessageContaining("hardstate");
    }
  }

  @Test
  void hardState_notDurableBeforeSync() {
    try (FileRaftStorage s = open()) {
      s.load();
      s.saveHardState(new HardState(5, "x"));
    }
    try (FileRaftStorage s = open()) {
      assertThat(s.load().hardState()).isEqualTo(HardState.INITIAL);
    }
  }

  @Test
  void fsyncNever_stillWritesForProcessCrashes() {
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.NEVER)) {
      s.load();
      s.append(entries(1, 5, 1));
      s.sync();
      assertThat(s.fsyncCount()).isZero();
    }
    try (FileRaftStorage s = new FileRaftStorage(dir, FsyncPolicy.NEVER)) {
      assertThat(s.load().entries()).hasSize(5);
    }
  }

  @Test
  void append_outOfOrder_refused() {
    try (FileRaftStorage s = open()) {
      s.load();
      assertThatThrownBy(() -> s.append(entries(3, 3, 1))).isInstanceOf(IllegalStateException.class);
    }
  }

  private static void flip(Path file, long at) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x5a));
      b.rewind();
      ch.write(b, at);
    }
  }
}
