/**
 * Durable Raft storage: a segmented append-only log with a CRC32C per record, group-commit
 * fsync, torn-tail repair and refusal of corruption, the term/vote file, and the snapshot store.
 */
@NullMarked
package io.dsync.raft.log;

import org.jspecify.annotations.NullMarked;
