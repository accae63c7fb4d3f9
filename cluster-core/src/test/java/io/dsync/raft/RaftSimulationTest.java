package io.dsync.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.check.CheckResult;
import io.dsync.check.KvModel;
import io.dsync.check.LinearizabilityChecker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Goal: Raft stays safe under every fault the simulation can produce, and KV clients see a
 * linearizable store. Method: for each seed, {@link RaftSimulation} runs a 3- or 5-server
 * cluster (chosen by the seed, like the fault rates and workload) for a bounded number of
 * events, checking election safety, log matching, leader completeness, state machine safety
 * and acknowledged-write durability after every event; then faults stop, the cluster must
 * elect a leader and commit a write, and the recorded history must pass the checker.
 *
 * <p>System properties: {@code dsync.seed} replays one seed; {@code dsync.seeds},
 * {@code dsync.firstSeed} and {@code dsync.steps} change the counts; {@code dsync.soak=true} runs far more.
 */
class RaftSimulationTest {
  private static final boolean SOAK = Boolean.getBoolean("dsync.soak");
  private static final int SEEDS = Integer.getInteger("dsync.seeds", SOAK ? 10_000 : 1000);
  private static final long STEPS = Long.getLong("dsync.steps", SOAK ? 30_000 : 10_000);

  @Test
  void simulation_manySeeds_safeAndLinearizable() throws Exception {
    String one = System.getProperty("dsync.seed");
    long first = Long.getLong("dsync.firstSeed", 1);
    long[] seeds = one != null ? new long[] {Long.parseLong(one)} : LongStream.range(first, first + SEEDS).toArray();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long[] totalSteps = new long[1];
    long started = System.nanoTime();
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      pool.submit(() -> LongStream.of(seeds).parallel().forEach(seed -> {
        try {
          long s = runSeed(seed);
          synchronized (totalSteps) {
            totalSteps[0] += s;
          }
        } catch (Throwable t) {
          String msg = "seed " + seed + " failed: " + t + "\n  replay: mvn -pl cluster-core test "
              + "-Dtest=RaftSimulationTest -Ddsync.seed=" + seed;
          System.err.println(msg);
          t.printStackTrace();
          failures.add(msg);
        }
      })).get();
    } finally {
      pool.shutdown();
    }
    System.out.printf("raft simulation: %d seeds, %d steps, %.1f s%n", seeds.length, totalSteps[0],
        (System.nanoTime() - started) / 1e9);
    assertThat(failures).isEmpty();
  }

  /** Seeds that once failed, kept as regression tests (see the commit that fixed each). */
  @Test
  void simulation_pinnedSeeds() {
    for (long seed : new long[] {192, 1089}) { // 192: harness history; 1089: snapshot offset stall
      runSeed(seed);
    }
    // stale lease reads after TimeoutNow (RaftCore.leaseForfeited), found at 30,000 steps
    for (long seed : new long[] {104627, 104965}) {
      runSeed(seed, Math.max(STEPS, 30_000));
    }
  }

  static long runSeed(long seed) {
    return runSeed(seed, STEPS);
  }

  static long runSeed(long seed, long steps) {
    RaftSimulation sim = new RaftSimulation(seed);
    try {
      sim.run(steps);
      long faultySteps = sim.steps;
      sim.quiesce();
      long committedBefore = sim.invariants.committedCount();
      long deadline = sim.steps + 20_000;
      while (sim.steps < deadline && (sim.leader() == null || sim.invariants.committedCount() <= committedBefore + 1)) {
        sim.run(sim.steps + 100);
      }
      if (sim.leader() == null || sim.invariants.committedCount() <= committedBefore) {
        throw new AssertionError("no progress after faults stopped: " + sim.statusLine());
      }
      CheckResult r = new LinearizabilityChecker(5_000_000).check(new KvModel(), sim.finalHistory());
      if (r.verdict() == CheckResult.Verdict.NOT_LINEARIZABLE) {
        throw new AssertionError("history not linearizable: " + r.detail());
      }
      if (Boolean.getBoolean("dsync.verbose") || System.getProperty("dsync.seed") != null) {
        System.out.println(sim.describe() + " steps=" + faultySteps + " committed=" + sim.invariants.committedCount()
            + " leaders=" + sim.invariants.leaderChanges + " ops=" + sim.history.size() + " acked="
            + sim.acknowledgedWrites + " check=" + r.verdict());
      }
      return sim.steps;
    } catch (Throwable t) {
      throw new AssertionError(sim.describe() + " at t=" + sim.now + " step " + sim.steps + ": " + t.getMessage(), t);
    }
  }
}
