/**
 * The pure Raft core: no threads, clocks, randomness of its own, files or sockets.
 *
 * <p>{@link io.dsync.raft.core.RaftCore} is fed inputs that carry time ({@code onMessage},
 * {@code onTick}, {@code propose}, {@code onPersisted}, ...) and answers each with an immutable
 * {@link io.dsync.raft.core.Effects} record that a driver performs: persist first, then send,
 * then apply. Randomness (election timeouts) comes from a {@link java.util.Random} passed in, so
 * a seeded simulation replays exactly.
 *
 * <p>Invariants this package keeps (Raft paper §5, thesis §3-§6):
 * <ul>
 *   <li>Election safety: at most one leader per term (one vote per term, persisted before the
 *       vote is sent, §5.2).</li>
 *   <li>Log matching: an entry is appended only after the previous index and term match (§5.3);
 *       entries at or below the commit index are never truncated.</li>
 *   <li>Leader completeness: a vote is granted only to a candidate whose log is at least as
 *       up to date (§5.4.1); a leader commits by counting replicas only entries of its own
 *       term (§5.4.2).</li>
 *   <li>Membership changes one server at a time; a new configuration takes effect when it is
 *       appended, and the next change waits until it is committed (thesis §4.1).</li>
 * </ul>
 */
@NullMarked
package io.dsync.raft.core;

import org.jspecify.annotations.NullMarked;
