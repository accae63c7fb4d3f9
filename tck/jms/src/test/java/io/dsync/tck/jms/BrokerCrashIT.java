package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Goal: nothing acknowledged is lost or repeated across a kill -9 of the broker's process.
 * Method: a {@link CrashWorker} process (its own JVM, Chronicle WAL with fsync) sends persistent
 * messages and acknowledges some while a CLIENT_ACKNOWLEDGE consumer runs; the test kills it with
 * {@link Process#destroyForcibly()} mid-stream, then starts a drain process on the same folder.
 * Every message whose send returned must come back unless its acknowledgement returned (those
 * never again); the consumed-but-unacknowledged ones come back with JMSRedelivered.
 */
class BrokerCrashIT {

  @TempDir
  Path dir;

  /** Extra JVM options of the worker and drain processes. */
  private final List<String> childOptions = new ArrayList<>();

  private Process start(String mode) throws Exception {
    return start(mode, true);
  }

  private Process start(String mode, boolean withFlags) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    String flags = System.getProperty("dsync.jvm.flags", "");
    if (withFlags) {
      cmd.addAll(Arrays.asList(flags.trim().split("\\s+")));
    }
    cmd.add("-Xmx256m");
    cmd.addAll(childOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashWorker.class.getName());
    cmd.add(mode);
    cmd.add(dir.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(dir.resolve(mode + "-stderr.txt").toFile());
    return pb.start();
  }

  private static Thread reader(Process p, List<String> lines) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception ignored) {
        // the process died: that is the point
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long count(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).count();
  }

  @ParameterizedTest(name = "kill -9 mid-stream ({0}): every sent message survives, acknowledged ones never return,"
      + " unacknowledged ones return redelivered")
  @ValueSource(strings = {"WAL compacted at start only", "WAL compacted every few hundred records while running"})
  void killAndRecover(String variant) throws Exception {
    boolean compacting = variant.contains("while running");
    if (compacting) {
      // a low threshold makes the broker rewrite its log again and again, so the kill may land
      // in the middle of a rewrite; INFO from the broker shows that rewrites did happen
      Path logConfig = dir.resolve("logback-compaction.xml");
      Files.writeString(logConfig, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\">"
          + "<target>System.err</target><encoder><pattern>%msg%n</pattern></encoder></appender>"
          + "<logger name=\"io.dsync.jms.server.LocalBroker\" level=\"INFO\"/>"
          + "<root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
      childOptions.add("-Ddsync.jms.wal.compactAfterRecords=300");
      childOptions.add("-Dlogback.configurationFile=" + logConfig);
    }
    List<String> work = new CopyOnWriteArrayList<>();
    Process worker = start("work");
    Thread r1 = reader(worker, work);
    Awaitility.await().atMost(Duration.ofSeconds(90))
        .until(() -> (count(work, "SENT") >= 1500 && count(work, "RECV") >= 700) || !worker.isAlive());
    assertThat(worker.isAlive()).as("worker died early: %s", stderr("work")).isTrue();
    worker.destroyForcibly();
    worker.waitFor(30, TimeUnit.SECONDS);
    r1.join(5000);
    if (compacting) {
      assertThat(stderr("work")).contains("compacted the WAL while running");
    }

    // what the dead process proved before it died
    Set<String> sent = new LinkedHashSet<>();
    Set<String> acking = new LinkedHashSet<>();
    Set<String> acked = new LinkedHashSet<>();
    Set<String> consumedUnacked = new LinkedHashSet<>();
    List<String> pending = new ArrayList<>();
    for (String line : work) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "SENT" -> sent.add(f[1]);
        case "RECV" -> pending.add(f[1]);
        case "ACKING" -> acking.addAll(pending);
        case "ACKED" -> {
          acked.addAll(pending);
          pending.clear();
        }
        case "ERROR" -> throw new AssertionError("worker reported " + line);
        default -> { }
      }
    }
    for (String id : pending) {
      if (!acking.contains(id)) {
        consumedUnacked.add(id);
      }
    }

    List<String> drained = new CopyOnWriteArrayList<>();
    Process drain = start("drain");
    Thread r2 = reader(drain, drained);
    assertThat(drain.waitFor(120, TimeUnit.SECONDS)).as("drain finished").isTrue();
    r2.join(5000);
    assertThat(drain.exitValue()).as("drain exit, stderr: %s", stderr("drain")).isZero();
    assertThat(drained).contains("DONE");

    Map<String, String[]> got = new HashMap<>();
    for (String line : drained) {
      if (line.startsWith("GOT ")) {
        String[] f = line.split(" ");
        assertThat(got.put(f[1], f)).as("delivered twice after recovery: %s", f[1]).isNull();
      }
    }
    System.out.printf("crash test: sent=%d acked=%d consumed-unacked=%d redelivered-after-restart=%d%n",
        sent.size(), acked.size(), consumedUnacked.size(), got.size());

    for (String id : sent) {
      if (!acked.contains(id) && !acking.contains(id)) {
        assertThat(got).as("message %s was sent and never acknowledged but is lost", id).containsKey(id);
      }
    }
    for (String id : acked) {
      assertThat(got).as("message %s was acknowledged but delivered again", id).doesNotContainKey(id);
    }
    for (String id : consumedUnacked) {
      String[] f = got.get(id);
      assertThat(f).as("consumed, unacknowledged %s must come back", id).isNotNull();
      assertThat(f[2]).as("JMSRedelivered of %s", id).isEqualTo("true");
      assertThat(Integer.parseInt(f[3])).as("JMSXDeliveryCount of %s", id).isGreaterThanOrEqualTo(2);
    }
    assertThat(acked).isNotEmpty();
    assertThat(consumedUnacked).isNotEmpty();
    assertThat(sent.size()).isGreaterThan(acked.size());

    // a second recovery finds nothing: the drain's acknowledgements were logged too
    List<String> again = new CopyOnWriteArrayList<>();
    Process second = start("drain");
    Thread r3 = reader(second, again);
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    r3.join(5000);
    assertThat(again.stream().filter(l -> l.startsWith("GOT"))).isEmpty();
  }

  @Test
  @DisplayName("a persistent broker started without Chronicle's JVM options fails at once, naming the missing options")
  void missingJvmOptions() throws Exception {
    Process p = start("work", false);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(stderr("work")).contains("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED")
        .contains("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
  }

  private String stderr(String mode) {
    try {
      File f = dir.resolve(mode + "-stderr.txt").toFile();
      return f.exists() ? Files.readString(f.toPath()) : "";
    } catch (Exception e) {
      return e.toString();
    }
  }
}
