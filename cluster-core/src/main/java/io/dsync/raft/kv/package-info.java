/**
 * A small replicated key-value state machine, used by tests, the simulation's
 * linearizability checks and the admin endpoint's smoke operations.
 */
@NullMarked
package io.dsync.raft.kv;

import org.jspecify.annotations.NullMarked;
