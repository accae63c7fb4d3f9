package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.check.CheckResult;
import io.dsync.check.KvModel;
import io.dsync.check.LinearizabilityChecker;
import io.dsync.check.Operation;
import io.dsync.client.ClientOptions;
import io.dsync.client.ClusterClient;
import io.dsync.raft.RaftWire.ForwardRequest;
import io.dsync.raft.RaftWire.ForwardResponse;
import io.dsync.raft.kv.KvCommands;
import io.dsync.wire.MessageRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: Raft survives kill -9 of its leader in real processes. Method: three node JVMs on
 * 127.0.0.1 (the {@code dsync node} launcher, fsync on) and KV clients over TCP with sessions;
 * three times the leader is killed with SIGKILL: a new leader must appear within twice the
 * election timeout (plus polling slack), the killed node is restarted and must catch up; at
 * the end the client history must be linearizable (so no acknowledged write was lost).
 */
class RaftProcessIT {
  private static final long ELECTION_TIMEOUT = 600;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  private final TreeMap<String, Proc> procs = new TreeMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

  private static final class Proc {
    final String id;
    final int port;
    final int adminPort;
    Process process;

    Proc(String id, int port, int adminPort) {
      this.id = id;
      this.port = port;
      this.adminPort = adminPort;
    }
  }

  @AfterEach
  void killAll() {
    procs.values().forEach(p -> {
      if (p.process != null) {
        p.process.destroyForcibly();
      }
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void launch(Proc p) throws IOException {
    StringBuilder peers = new StringBuilder();
    for (Proc q : procs.values()) {
      peers.append(peers.length() == 0 ? "" : ",").append(q.id).append(":127.0.0.1:").append(q.port);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "io.dsync.node.DsyncMain", "node", "--node-id", p.id, "--host", "127.0.0.1", "--port", String.valueOf(p.port),
        "--admin-host", "127.0.0.1", "--admin-port", String.valueOf(p.adminPort), "--peers", peers.toString(),
        "--data-dir", root.resolve(p.id).toString(), "--heartbeat-interval-ms", "100", "--failure-timeout-ms", "1000",
        "-s", "raft.electionTimeoutMillis=" + ELECTION_TIMEOUT, "-s", "raft.heartbeatMillis=60");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(p.id + ".out").toFile()));
    p.process = pb.start();
  }

  private JsonNode raft(Proc p) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminPort + "/raft"))
          .timeout(Duration.ofMillis(500)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private Proc leader(long minTerm) {
    for (Proc p : procs.values()) {
      if (p.process != null && p.process.isAlive()) {
        JsonNode j = raft(p);
        if (j != null && "leader".equals(j.path("role").asText()) && j.path("term").asLong() >= minTerm) {
          return p;
        }
      }
    }
    return null;
  }

  @Test
  void killLeaderRepeatedly_newLeaderQuickly_noAckedWriteLost_linearizable() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Proc p = new Proc("p" + i, freePort(), freePort());
      procs.put(p.id, p);
    }
    for (Proc p : procs.values()) {
      launch(p);
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> leader(0) != null);

    MessageRegistry registry = RaftWire.register(new MessageRegistry());
    StringBuilder url = new StringBuilder("dsync://");
    for (Proc p : procs.values()) {
      url.append(url.length() == 8 ? "" : ",").append("127.0.0.1:").append(p.port);
    }
    ClientOptions opts = ClientOptions.of(url.toString()).withTimeouts(Duration.ofSeconds(8), Duration.ofMillis(800))
        .withRetryableErrorCodes(Set.of("unavailable", "not_leader", "stopped", "raft_timeout", "raft_not_leader",
            "raft_dropped", "raft_indeterminate", "raft_stopped", "unknown_group"));
    List<Operation<KvModel.Input, KvModel.Output>> history = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong acked = new AtomicLong();
    long epoch = System.nanoTime();
    List<Thread> clients = new ArrayList<>();
    List<ClusterClient> connections = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      ClusterClient cc = ClusterClient.connect(opts, registry);
      connections.add(cc);
      int clientId = c;
      Thread t = new Thread(() -> runClient(clientId, cc, history, stop, acked, epoch), "kv-client-" + c);
      clients.add(t);
      t.start();
    }

    List<Long> electionMillis = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      long before = acked.get(); // traffic under a stable leader first
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> acked.get() >= before + 200);
      Proc victim = leader(0);
      assertThat(victim).as("a leader before round " + round).isNotNull();
      long oldTerm = raft(victim).path("term").asLong();
      victim.process.destroyForcibly(); // SIGKILL
      long t0 = System.nanoTime();
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
          .until(() -> leader(oldTerm + 1) != null);
      electionMillis.add((System.nanoTime() - t0) / 1_000_000);
      long afterElection = acked.get(); // the new leader commits writes before the old one returns
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> acked.get() >= afterElection + 50);
      launch(victim);
      Proc now = leader(oldTerm + 1);
      long target = raft(now).path("commitIndex").asLong();
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
        JsonNode j = raft(victim);
        return j != null && j.path("appliedIndex").asLong() >= target;
      });
    }
    stop.set(true);
    for (Thread t : clients) {
      t.join(20_000);
    }
    connections.forEach(ClusterClient::close);

    System.out.println("raft process IT: elections after kill -9 took " + electionMillis + " ms; " + acked.get()
        + " acknowledged writes; " + history.size() + " operations");
    assertThat(electionMillis).allSatisfy(ms ->
        assertThat(ms).as("new leader within 2 x election timeout (+ polling slack)").isLessThan(2 * ELECTION_TIMEOUT + 250));
    assertThat(acked.get()).isGreaterThan(30);
    CheckResult r = new LinearizabilityChecker().check(new KvModel(), new ArrayList<>(history));
    assertThat(r.verdict()).as(r.detail()).isEqualTo(CheckResult.Verdict.LINEARIZABLE);
  }

  private static void runClient(int id, ClusterClient cc, List<Operation<KvModel.Input, KvModel.Output>> history,
      AtomicBoolean stop, AtomicLong acked, long epoch) {
    Random rnd = new Random(id);
    long session = 0;
    long seq = 0;
    int n = 0;
    while (!stop.get()) {
      try {
        if (session == 0) {
          byte[] r = call(cc, false, SessionCommands.register(System.currentTimeMillis()));
          session = SessionCommands.sessionId(r);
          continue;
        }
        String key = "k" + rnd.nextInt(3);
        long call = (System.nanoTime() - epoch) / 1000;
        if (rnd.nextInt(10) < 6) {
          String value = "c" + id + "-" + (++n);
          seq++;
          KvModel.Input in = KvModel.Input.put(key, value);
          byte[] env = SessionCommands.command(session, seq, seq - 1, System.currentTimeMillis(),
              KvCommands.put(key, value.getBytes(StandardCharsets.UTF_8)));
          byte[] r = null;
          for (int attempt = 0; attempt < 5 && r == null; attempt++) {
            try {
              r = call(cc, false, env); // same sequence number: applied once
            } catch (Exception e) {
              r = null;
            }
          }
          if (r == null) {
            history.add(Operation.pending(id, in, call));
            continue;
          }
          if (SessionCommands.status(r) != SessionCommands.OK) {
            history.add(Operation.pending(id, in, call));
            session = 0;
            continue;
          }
          byte[] prev = KvCommands.value(SessionCommands.body(r));
          history.add(new Operation<>(id, in, KvModel.Output.of(prev == null ? null : new String(prev, StandardCharsets.UTF_8)),
              call, (System.nanoTime() - epoch) / 1000));
          acked.incrementAndGet();
        } else {
          byte[] r = call(cc, true, KvCommands.get(key));
          byte[] v = KvCommands.value(r);
          history.add(new Operation<>(id, KvModel.Input.get(key),
              KvModel.Output.of(v == null ? null : new String(v, StandardCharsets.UTF_8)), call, (System.nanoTime() - epoch) / 1000));
        }
      } catch (Exception e) {
        // a failed read tells nothing; a failed register is retried
      }
    }
  }

  private static byte[] call(ClusterClient cc, boolean read, byte[] payload) throws Exception {
    ForwardResponse r = (ForwardResponse) cc.request(new ForwardRequest(RaftService.DEFAULT_GROUP, read, payload))
        .get(10, TimeUnit.SECONDS);
    return r.payload();
  }
}
