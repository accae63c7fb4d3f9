package io.dsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.net.MessageRouter;
import io.dsync.sim.LinkConfig;
import io.dsync.sim.SimNetwork;
import io.dsync.sim.SimScheduler;
import io.dsync.sim.SimTransport;
import io.dsync.wire.MessageRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Goal: the membership contract over the simulated network, on virtual time, with delays and a
 * little loss; and a run replays exactly from its seed. Method: each member is a heartbeat driver
 * over a SimTransport, ticked by the seeded scheduler; a crash stops its ticks and its transport.
 */
class SimMembershipTest extends MembershipContract {
  private static final long SEED = 0x5EED_2026L;

  static final class SimHarness implements Harness {
    final SimScheduler scheduler;
    final SimNetwork network;
    final MessageRegistry registry = ClusterMessages.register(new MessageRegistry());
    final long heartbeat;
    final long timeout;
    final Map<NodeId, Member> members = new TreeMap<>();
    final List<String> events = new ArrayList<>();

    /** One member's live parts; {@code alive} false after a crash stops its ticks. */
    final class Member {
      final HeartbeatDriver driver;
      final Membership membership;
      boolean alive = true;

      Member(NodeId id, SimTransport transport) {
        MessageRouter router = new MessageRouter();
        FailureDetector detector = new FailureDetector(id, IDS, timeout, scheduler.nowMillis());
        membership = new Membership(detector.view());
        membership.addListener((e, v) -> events.add(scheduler.nowMillis() + " " + id + " sees " + e));
        driver = new HeartbeatDriver(transport, router, detector, membership, scheduler::nowMillis);
        driver.bind();
        transport.start(router);
        // first tick after a random phase, as real nodes do not start in lockstep
        scheduler.schedule(scheduler.random().nextInt((int) heartbeat), this::tick);
      }

      void tick() {
        if (alive) {
          driver.tick();
          scheduler.schedule(heartbeat, this::tick);
        }
      }
    }

    SimHarness(long seed, long heartbeat, long timeout) {
      this.scheduler = new SimScheduler(seed);
      this.network = new SimNetwork(scheduler, registry);
      this.heartbeat = heartbeat;
      this.timeout = timeout;
      network.defaultLink(LinkConfig.delay(1, 20).withDrop(0.02));
    }

    @Override
    public void startAll() {
      for (NodeId id : IDS) {
        members.put(id, new Member(id, network.transport(id)));
      }
    }

    @Override
    public void crash(NodeId id) {
      members.get(id).alive = false;
      network.crash(id);
    }

    @Override
    public void restart(NodeId id) {
      members.put(id, new Member(id, network.restart(id)));
    }

    @Override
    public MembershipView view(NodeId id) {
      return members.get(id).membership.view();
    }

    @Override
    public boolean await(BooleanSupplier condition, long maxMillis) {
      return scheduler.runUntil(condition, maxMillis);
    }

    @Override
    public long nowMillis() {
      return scheduler.nowMillis();
    }

    @Override
    public String describe() {
      return "(seed " + scheduler.seed() + ")";
    }

    @Override
    public void close() {}
  }

  @Override
  protected Harness harness(long heartbeatMillis, long timeoutMillis) {
    return new SimHarness(SEED, heartbeatMillis, timeoutMillis);
  }

  @Override
  protected long slackMillis() {
    return HEARTBEAT + 20; // one tick plus the largest link delay
  }

  private static List<String> scriptedRun(long seed) {
    SimHarness h = new SimHarness(seed, HEARTBEAT, TIMEOUT);
    h.startAll();
    h.scheduler.runFor(2_000);
    h.crash(N3);
    h.scheduler.runFor(2_000);
    h.restart(N3);
    h.scheduler.runFor(2_000);
    List<String> out = new ArrayList<>(h.events);
    out.addAll(h.network.trace());
    return out;
  }

  @Test
  void sameSeed_replaysExactly_otherSeedDiffers() {
    List<String> first = scriptedRun(SEED);
    List<String> second = scriptedRun(SEED);
    assertThat(first).as("seed %s", SEED).isNotEmpty().isEqualTo(second);
    assertThat(scriptedRun(SEED + 1)).isNotEqualTo(first);
  }

  @Test
  void manySeeds_contractHolds() {
    for (long seed = 1; seed <= 20; seed++) {
      SimHarness h = new SimHarness(seed, HEARTBEAT, TIMEOUT);
      h.startAll();
      assertThat(h.await(() -> IDS.stream().allMatch(id -> h.view(id).aliveIds().size() == 3), 5_000))
          .as("all alive, seed %s", seed).isTrue();
      h.crash(N1);
      assertThat(h.await(() -> !h.view(N2).isAlive(N1) && !h.view(N3).isAlive(N1), TIMEOUT + slackMillis()))
          .as("suspected in time, seed %s", seed).isTrue();
      h.restart(N1);
      assertThat(h.await(() -> IDS.stream().allMatch(id -> h.view(id).aliveIds().size() == 3), 5_000))
          .as("alive again, seed %s", seed).isTrue();
    }
  }

  @Test
  void quickRestart_withinTimeout_reportedAsRestartNotSuspicion() {
    SimHarness h = new SimHarness(SEED, HEARTBEAT, TIMEOUT);
    h.startAll();
    assertThat(h.await(() -> IDS.stream().allMatch(id -> h.view(id).aliveIds().size() == 3), 5_000)).isTrue();
    h.scheduler.runFor(1_000);
    h.events.clear();
    h.crash(N2);
    h.scheduler.runFor(HEARTBEAT * 2);
    h.restart(N2);
    h.scheduler.runFor(TIMEOUT);
    assertThat(h.events).as("seed %s", SEED)
        .anyMatch(e -> e.contains("node-1 sees") && e.contains("node-2") && e.contains("restarted=true"))
        .anyMatch(e -> e.contains("node-3 sees") && e.contains("node-2") && e.contains("restarted=true"))
        .noneMatch(e -> e.contains("SUSPECT"));
  }

  @Test
  void partition_bothSidesSuspectEachOther_healRestoresAll() {
    SimHarness h = new SimHarness(SEED, HEARTBEAT, TIMEOUT);
    h.startAll();
    assertThat(h.await(() -> IDS.stream().allMatch(id -> h.view(id).aliveIds().size() == 3), 5_000)).isTrue();
    h.network.isolate(N3);
    assertThat(h.await(() -> h.view(N3).aliveIds().equals(java.util.Set.of(N3))
            && !h.view(N1).isAlive(N3) && !h.view(N2).isAlive(N3) && h.view(N1).isAlive(N2),
        TIMEOUT + slackMillis())).as("seed %s", SEED).isTrue();
    h.network.heal();
    assertThat(h.await(() -> IDS.stream().allMatch(id -> h.view(id).aliveIds().size() == 3), 5_000))
        .as("healed, seed %s", SEED).isTrue();
  }
}
