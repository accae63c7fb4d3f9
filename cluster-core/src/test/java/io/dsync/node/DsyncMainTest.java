package io.dsync.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line: exit code 2 and a clear message for bad configuration or usage. */
class DsyncMainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return DsyncMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void badPort_exit2WithMessage() {
    assertThat(run("node", "--node-id", "n1", "--port", "99999")).isEqualTo(2);
    assertThat(err.toString()).contains("configuration error").contains("port out of range").contains("99999");
  }

  @Test
  void duplicateIds_exit2WithMessage() {
    assertThat(run("node", "--node-id", "n1", "--peers", "n2:127.0.0.1:7002,n2:127.0.0.1:7003")).isEqualTo(2);
    assertThat(err.toString()).contains("duplicate node id 'n2'");
  }

  @Test
  void badPeerSyntax_exit2WithMessage() {
    assertThat(run("node", "--node-id", "n1", "--peers", "n2@127.0.0.1")).isEqualTo(2);
    assertThat(err.toString()).contains("bad peer 'n2@127.0.0.1'");
  }

  @Test
  void unknownFlag_exit2WithUsage() {
    assertThat(run("node", "--bogus")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option").contains("--bogus");
  }

  @Test
  void noCommand_exit2() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("name a command");
  }

  @Test
  void version_printed() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("dsync ");
  }

  @Test
  void healthOfNothingListening_exit1() {
    assertThat(run("health", "http://127.0.0.1:1/")).isEqualTo(1);
    assertThat(out.toString()).contains("not healthy").contains("no answer");
  }

  @Test
  void portTaken_exit1WithMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int code = run("node", "--node-id", "n1", "--port", String.valueOf(taken.getLocalPort()),
          "--admin-port", "-1", "--data-dir", dir.resolve("n1").toString());
      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("dsync: cannot start").contains(String.valueOf(taken.getLocalPort()));
    }
  }

  @Test
  void healthWait_stopsAtOnceWhenAWatchedProcessHasExited() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    long started = System.nanoTime();
    assertThat(run("health", "--wait", "60", "--pids", String.valueOf(done.pid()), "http://127.0.0.1:1/")).isEqualTo(1);
    assertThat(out.toString()).contains("has exited");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(30_000);
  }
}
