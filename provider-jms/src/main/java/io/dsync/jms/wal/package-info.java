/**
 * The write-ahead log: our small {@link io.dsync.jms.wal.Wal} interface, group commit, the record
 * codec, and the Chronicle Queue store behind it. One WAL per broker node (see docs/jms.md).
 */
package io.dsync.jms.wal;
