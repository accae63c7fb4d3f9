/**
 * Deterministic simulation: a seeded single-threaded {@link io.dsync.sim.SimScheduler} (virtual
 * clock and event queue) and a {@link io.dsync.sim.SimNetwork} of {@link io.dsync.sim.SimTransport}s
 * that drops, delays, duplicates, reorders, partitions, crashes and restarts. Every random choice
 * comes from the scheduler's seed, so a run replays exactly; print the seed when a check fails.
 * Shipped in the cluster-core test-jar.
 */
package io.dsync.sim;
