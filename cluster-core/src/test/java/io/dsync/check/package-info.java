/**
 * A linearizability checker for recorded client histories (Wing–Gong search with Lowe's
 * just-in-time linearization and memoization of (linearized set, model state), as described
 * for Knossos and Porcupine; written from the papers). Ships in the cluster-core test-jar for
 * the lock, cache and queue tests.
 */
package io.dsync.check;
