package io.dsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The membership behaviour every cluster must show, whatever carries its messages: all members
 * alive after start; a crashed member suspected by the others within the failure timeout; alive
 * again after it restarts. Subclasses run it over the simulated network, the in-VM transport and
 * Netty TCP on 127.0.0.1.
 */
public abstract class MembershipContract {
  protected static final NodeId N1 = NodeId.of("node-1");
  protected static final NodeId N2 = NodeId.of("node-2");
  protected static final NodeId N3 = NodeId.of("node-3");
  protected static final List<NodeId> IDS = List.of(N1, N2, N3);

  /** A running cluster of {@link #IDS}. */
  protected interface Harness extends AutoCloseable {
    /** Starts every member. */
    void startAll();

    /** Kills a member (no goodbye). */
    void crash(NodeId id);

    /** Starts a crashed member again with the same id and address. */
    void restart(NodeId id);

    /** A live member's current view. */
    MembershipView view(NodeId id);

    /** Waits (real or virtual time) until the condition holds; false after {@code maxMillis}. */
    boolean await(BooleanSupplier condition, long maxMillis);

    /** The harness clock, in ms. */
    long nowMillis();

    /** Context for failure messages (the seed of a simulation). */
    default String describe() {
      return "";
    }

    @Override
    void close();
  }

  protected abstract Harness harness(long heartbeatMillis, long timeoutMillis);

  /** How much later than the timeout a suspicion may land (ticks, scheduling, delivery). */
  protected abstract long slackMillis();

  protected static final long HEARTBEAT = 100;
  protected static final long TIMEOUT = 800;
  private Harness harness;

  @AfterEach
  void closeHarness() {
    if (harness != null) {
      harness.close();
    }
  }

  private boolean allSee(List<NodeId> observers, java.util.function.Predicate<MembershipView> test) {
    return observers.stream().allMatch(id -> test.test(harness.view(id)));
  }

  @Test
  void start_everyMemberSeesAllAlive() {
    harness = harness(HEARTBEAT, TIMEOUT);
    harness.startAll();
    assertThat(harness.await(() -> allSee(IDS, v -> v.aliveIds().size() == 3), 10_000))
        .as("all alive %s", harness.describe()).isTrue();
    for (NodeId id : IDS) {
      assertThat(harness.view(id).members()).extracting(Member::id).containsExactlyElementsOf(IDS);
      assertThat(harness.view(id).member(id).orElseThrow().local()).isTrue();
    }
  }

  @Test
  void crash_suspectedWithinTimeout_thenAliveAfterRestart() {
    harness = harness(HEARTBEAT, TIMEOUT);
    harness.startAll();
    assertThat(harness.await(() -> allSee(IDS, v -> v.aliveIds().size() == 3), 10_000))
        .as("all alive %s", harness.describe()).isTrue();

    long crashedAt = harness.nowMillis();
    harness.crash(N2);
    List<NodeId> others = List.of(N1, N3);
    assertThat(harness.await(() -> allSee(others, v -> !v.isAlive(N2)), TIMEOUT + slackMillis()))
        .as("node-2 suspected within %s ms %s", TIMEOUT + slackMillis(), harness.describe()).isTrue();
    long suspectedAfter = harness.nowMillis() - crashedAt;
    assertThat(suspectedAfter).isLessThanOrEqualTo(TIMEOUT + slackMillis());
    for (NodeId id : others) {
      Member m = harness.view(id).member(N2).orElseThrow();
      assertThat(m.liveness()).isEqualTo(Liveness.SUSPECT);
      assertThat(harness.view(id).isAlive(others.get(0) == id ? others.get(1) : others.get(0))).isTrue();
    }

    harness.restart(N2);
    assertThat(harness.await(() -> allSee(IDS, v -> v.aliveIds().size() == 3), 10_000))
        .as("all alive after restart %s", harness.describe()).isTrue();
  }
}
