package io.dsync.lock;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test class that leaves lock engine or heartbeat threads running after it. */
public final class NoLeakedThreads implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<String> leaked = Thread.getAllStackTraces().keySet().stream()
          .filter(Thread::isAlive)
          .map(Thread::getName)
          .filter(n -> n.startsWith("dsync-lock-") || n.equals("fake-raft"))
          .collect(Collectors.toList());
      if (!leaked.isEmpty()) {
        throw new AssertionError(context.getDisplayName() + " leaked threads: " + leaked);
      }
    });
  }
}
