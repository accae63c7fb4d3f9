package io.dsync.jms.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** What the Chronicle store asks of the kernel for its memory-mapped cycle file. */
class ChronicleWalStoreTest {
  @TempDir
  Path dir;

  @Test
  @EnabledOnOs(OS.LINUX)
  void theCycleFilesMapping_isAdvisedAgainstReadAhead() throws Exception {
    try (ChronicleWalStore store = new ChronicleWalStore(dir, FsyncPolicy.ALWAYS)) {
      store.write(new byte[1100]);
      store.sync();
      List<String> flags = vmFlagsOfMappingsOf(dir, ".cq4");
      // one mapping or more (Chronicle maps its file in overlapping chunks); "rr" is
      // VM_RAND_READ, what madvise(MADV_RANDOM) sets
      assertThat(flags).isNotEmpty().anySatisfy(f -> assertThat(f.split(" ")).contains("rr"));
    }
  }

  @Test
  void pagesTouchedAhead_leaveTheRecordsAsWritten() throws Exception {
    // more than one touch burst (a quarter of 16 MiB) of records, synced now and then
    java.util.Random random = new java.util.Random(7);
    List<byte[]> written = new ArrayList<>();
    try (ChronicleWalStore store = new ChronicleWalStore(dir, FsyncPolicy.ALWAYS)) {
      for (int i = 0; i < 6000; i++) {
        byte[] r = new byte[1 + random.nextInt(1500)];
        random.nextBytes(r);
        store.write(r);
        written.add(r);
        if (i % 7 == 0) {
          store.sync();
        }
      }
      store.sync();
    }
    List<byte[]> back = new ArrayList<>();
    try (ChronicleWalStore store = new ChronicleWalStore(dir, FsyncPolicy.ALWAYS)) {
      store.readAll(back::add);
    }
    assertThat(back).hasSameSizeAs(written);
    for (int i = 0; i < written.size(); i++) {
      assertThat(back.get(i)).as("record %d", i).isEqualTo(written.get(i));
    }
  }

  /** The VmFlags lines of /proc/self/smaps for mappings of files in {@code dir} ending in {@code suffix}. */
  static List<String> vmFlagsOfMappingsOf(Path dir, String suffix) throws Exception {
    List<String> out = new ArrayList<>();
    boolean inside = false;
    String prefix = dir.toRealPath().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        String trimmed = line.trim();
        inside = trimmed.contains(prefix) && trimmed.endsWith(suffix);
      } else if (inside && line.startsWith("VmFlags:")) {
        out.add(line.substring("VmFlags:".length()).trim());
      }
    }
    return out;
  }
}
