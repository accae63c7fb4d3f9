package io.dsync.lock.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nodes of a test cluster as separate JVMs on 127.0.0.1 ({@code io.dsync.node.DsyncMain node}
 * with this JVM's class path, so the lock service is found by ServiceLoader), each with free
 * binary and admin ports and its own data folder; output goes to {@code <root>/<id>.out}. Also
 * starts other test mains with the same class path. Not thread-safe: one test thread drives it.
 */
final class NodeProcesses implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One node: its ports and, while it runs, its process. */
  static final class Proc {
    final String id;
    final int port;
    final int adminPort;
    Process process;

    Proc(String id, int port, int adminPort) {
      this.id = id;
      this.port = port;
      this.adminPort = adminPort;
    }

    boolean alive() {
      return process != null && process.isAlive();
    }
  }

  private final Path root;
  private final List<String> settings;
  private final TreeMap<String, Proc> procs = new TreeMap<>();
  private final List<Process> others = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofMillis(300)).build();
  /** Kills the children if the test JVM exits without {@link #close} (a SIGTERM from the build). */
  private final Thread reaper = new Thread(this::killAll, "node-processes-reaper");

  /**
   * @param settings {@code key=value} node settings passed with {@code -s}
   */
  NodeProcesses(Path root, int count, List<String> settings) throws IOException {
    this.root = root;
    this.settings = List.copyOf(settings);
    for (int i = 1; i <= count; i++) {
      Proc p = new Proc("n" + i, freePort(), freePort());
      procs.put(p.id, p);
    }
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  Collection<Proc> nodes() {
    return procs.values();
  }

  /** Starts every node. */
  void startAll() throws IOException {
    for (Proc p : procs.values()) {
      start(p);
    }
  }

  /** (Re)starts one node with its old ports and data folder. */
  void start(Proc p) throws IOException {
    StringBuilder peers = new StringBuilder();
    for (Proc q : procs.values()) {
      peers.append(peers.length() == 0 ? "" : ",").append(q.id).append(":127.0.0.1:").append(q.port);
    }
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(List.of("io.dsync.node.DsyncMain", "node", "--node-id", p.id, "--host", "127.0.0.1",
        "--port", String.valueOf(p.port), "--admin-host", "127.0.0.1", "--admin-port", String.valueOf(p.adminPort),
        "--peers", peers.toString(), "--data-dir", root.resolve(p.id).toString(),
        "--heartbeat-interval-ms", "100", "--failure-timeout-ms", "1000"));
    for (String s : settings) {
      cmd.add("-s");
      cmd.add(s);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(p.id + ".out").toFile()));
    p.process = pb.start();
  }

  /** Starts {@code mainClass} with this JVM's class path; stdout is piped, stderr goes to a file. */
  Process startMain(String name, Class<?> mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(root.resolve(name + ".err").toFile()))
        .start();
    others.add(p);
    return p;
  }

  private static List<String> javaCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only and a small serial heap: several JVMs share two CPUs with the build
    return List.of(java, "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"));
  }

  /** {@code dsync://} URL of every node, starting with the {@code first}-th (so clients spread). */
  String url(int first) {
    List<Proc> all = new ArrayList<>(procs.values());
    StringBuilder url = new StringBuilder("dsync://");
    for (int i = 0; i < all.size(); i++) {
      Proc p = all.get((first + i) % all.size());
      url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(p.port);
    }
    return url.toString();
  }

  /** GET on a node's admin port: the JSON answer, or null if it is down or did not answer 200. */
  JsonNode get(Proc p, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminPort + path))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The Raft status of group {@code locks} on a running node, or null. */
  JsonNode locksRaft(Proc p) {
    return p.alive() ? get(p, "/raft/locks") : null;
  }

  /** The running node that leads group {@code locks} in a term of at least {@code minTerm}, or null. */
  Proc leader(long minTerm) {
    for (Proc p : procs.values()) {
      JsonNode j = locksRaft(p);
      if (j != null && "leader".equals(j.path("role").asText()) && j.path("term").asLong() >= minTerm) {
        return p;
      }
    }
    return null;
  }

  /** The last lines of every node's output, for failure messages. */
  Map<String, String> tails() {
    Map<String, String> out = new TreeMap<>();
    for (Proc p : procs.values()) {
      try {
        List<String> lines = java.nio.file.Files.readAllLines(root.resolve(p.id + ".out"));
        out.put(p.id, String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      } catch (IOException e) {
        out.put(p.id, "(no output: " + e + ")");
      }
    }
    return out;
  }

  private void killAll() {
    others.forEach(Process::destroyForcibly);
    procs.values().forEach(p -> {
      if (p.process != null) {
        p.process.destroyForcibly();
      }
    });
  }

  /** SIGKILLs every process it started and waits until the nodes are gone. */
  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
    for (Proc p : procs.values()) {
      if (p.process != null) {
        p.process.onExit().join();
      }
    }
  }
}
