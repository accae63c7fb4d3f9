/**
 * Consistent hashing: {@link io.dsync.ring.HashRing} (immutable, virtual nodes) and its hash
 * {@link io.dsync.ring.Hash64}. Pure code: no threads, clocks, randomness or I/O. Invariants: the
 * same members and virtual-node count give the same placement everywhere; a preference list
 * never repeats a member; adding or removing one member moves only keys to or from it.
 */
package io.dsync.ring;
