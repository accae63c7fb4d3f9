package io.dsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher of the assembled distribution (server/target/dsync-VERSION/bin/dsync) with
 * real node JVMs on 127.0.0.1 and free ports: {@code dsync up} brings 3 nodes up and each one's
 * {@code /status} lists all 3 alive; {@code kill -9} of one shows it dead on the other two within
 * the failure timeout, and alive again after {@code dsync up} restarts it; {@code dsync down}
 * stops them all. Also: a bad configuration exits with code 2 and a message.
 */
class DsyncLauncherIT {
  private static final long HEARTBEAT_MILLIS = 200;
  private static final long TIMEOUT_MILLIS = 2000;
  private static final Path DIST = Path.of(System.getProperty("dsync.dist", "target/dsync-dist-missing"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path work;

  /** Output and exit code of one launcher run. */
  record Run(int exitCode, String output) {}

  private Run dsync(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", DIST.resolve("bin/dsync").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("DSYNC_HEARTBEAT_INTERVAL_MS", String.valueOf(HEARTBEAT_MILLIS));
    env.put("DSYNC_FAILURE_TIMEOUT_MS", String.valueOf(TIMEOUT_MILLIS));
    env.put("DSYNC_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    env.put("DSYNC_STOP_GRACE_SECONDS", "20");
    Path out = Files.createTempFile(work, "dsync-", ".out");
    Process process = builder.redirectOutput(out.toFile()).start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("dsync " + String.join(" ", args) + " did not finish:\n" + Files.readString(out));
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  /**
   * A base port with {@code count} consecutive free ports on 127.0.0.1, below Linux's ephemeral
   * range (32768+) so that no outgoing connection takes one of them meanwhile.
   */
  private static int freeBase(int count, int avoidFrom, int avoidTo) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      if (base + count > avoidFrom && base < avoidTo) {
        continue;
      }
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free port range");
  }

  private Map<String, Long> pids() throws IOException {
    Map<String, Long> pids = new TreeMap<>();
    Path dir = work.resolve(".dsync/pids");
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          pids.put(f.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(f).trim()));
        }
      }
    }
    return pids;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private Optional<JsonNode> status(int adminPort) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/status"))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static List<String> aliveIds(JsonNode status) {
    List<String> ids = new ArrayList<>();
    status.get("alive").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  private boolean sees(int adminPort, List<String> expectedAlive) {
    return status(adminPort).map(s -> aliveIds(s).equals(expectedAlive)).orElse(false);
  }

  @AfterEach
  void killLeftovers() throws IOException {
    for (long pid : pids().values()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void up_killMinus9_restart_down() throws Exception {
    assertThat(DIST.resolve("bin/dsync")).as("the assembled distribution").exists();
    int base = freeBase(3, 0, 0);
    int adminBase = freeBase(3, base, base + 3);
    int[] admin = {adminBase, adminBase + 1, adminBase + 2};
    List<String> all = List.of("node-1", "node-2", "node-3");

    Run up = dsync("up", "--nodes", "3", "--base-port", String.valueOf(base), "--admin-base-port", String.valueOf(adminBase));
    assertThat(up.exitCode()).as(up.output()).isZero();
    assertThat(up.output()).contains("http://127.0.0.1:" + admin[0] + "/").contains("dsync down");
    Map<String, Long> pids = pids();
    assertThat(pids).containsOnlyKeys(all);

    // every node's /status lists all 3 alive
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> sees(admin[0], all) && sees(admin[1], all) && sees(admin[2], all));
    Run status = dsync("status");
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("\"nodeId\" : \"node-3\"").contains("node-2: pid " + pids.get("node-2"));

    // kill -9 node-2: the other two see it dead within the failure timeout (plus scheduling slack)
    long killedAt = System.nanoTime();
    assertThat(ProcessHandle.of(pids.get("node-2")).orElseThrow().destroyForcibly()).isTrue();
    List<String> without2 = List.of("node-1", "node-3");
    Awaitility.await().atMost(Duration.ofMillis(TIMEOUT_MILLIS + 3000)).pollInterval(Duration.ofMillis(50))
        .until(() -> sees(admin[0], without2) && sees(admin[2], without2));
    long seenAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(seenAfterMillis).isLessThanOrEqualTo(TIMEOUT_MILLIS + 3000);
    JsonNode peer2 = status(admin[0]).orElseThrow().get("peers").get(0);
    assertThat(peer2.get("id").asText()).isEqualTo("node-2");
    assertThat(peer2.get("liveness").asText()).isEqualTo("suspect");

    // dsync up again restarts only the dead node; all alive again
    Run again = dsync("up");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).contains("node-1 is running").contains("started node-2");
    Map<String, Long> after = pids();
    assertThat(after.get("node-1")).isEqualTo(pids.get("node-1"));
    assertThat(after.get("node-2")).isNotEqualTo(pids.get("node-2"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> sees(admin[0], all) && sees(admin[1], all) && sees(admin[2], all));

    // dsync down stops every node
    Run down = dsync("down");
    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(down.output()).contains("cluster is down");
    for (long pid : after.values()) {
      assertThat(alive(pid)).as("pid %s", pid).isFalse();
    }
    assertThat(Files.readString(work.resolve(".dsync/logs/node-1.log"))).contains("node node-1 stopped");
  }

  @Test
  void node_badConfiguration_exit2WithMessage() throws Exception {
    Run run = dsync("node", "--node-id", "n1", "--port", "70000");
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("configuration error").contains("port out of range");
    Run peers = dsync("node", "--node-id", "n1", "--peers", "n2:127.0.0.1:7002,n2:127.0.0.1:7003");
    assertThat(peers.exitCode()).isEqualTo(2);
    assertThat(peers.output()).contains("duplicate node id 'n2'");
  }

  @Test
  void launcher_unknownCommandOrOption_exit2() throws Exception {
    assertThat(dsync("frobnicate").exitCode()).isEqualTo(2);
    Run bad = dsync("up", "--nodes", "zero");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.output()).contains("--nodes must be 1..50");
    Run noCluster = dsync("status");
    assertThat(noCluster.exitCode()).isEqualTo(2);
    assertThat(noCluster.output()).contains("run 'dsync up' first");
  }

  @Test
  void up_portTaken_failsFastWithTheNodesLog() throws Exception {
    int base = freeBase(1, 0, 0);
    int adminBase = freeBase(1, base, base + 1);
    try (ServerSocket taken = new ServerSocket(base, 1, InetAddress.getLoopbackAddress())) {
      long started = System.nanoTime();
      Run up = dsync("up", "--nodes", "1", "--base-port", String.valueOf(base), "--admin-base-port", String.valueOf(adminBase));
      assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
      assertThat(up.output()).contains("did not become healthy").contains("cannot start").contains(String.valueOf(base));
      assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(60);
    }
  }
}
