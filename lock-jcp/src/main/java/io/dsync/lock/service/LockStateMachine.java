package io.dsync.lock.service;

import io.dsync.lock.core.Applied;
import io.dsync.lock.core.LockCodec;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockQueryCodec;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockTable;
import io.dsync.lock.core.Status;
import io.dsync.raft.StateMachine;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The lock table as a Raft {@link StateMachine}. A log entry is {@code [timeMillis:8][command]}:
 * the submitting node stamps its clock (see {@link #entry}), and the table only lets time move
 * forward, so leases are decided in the log and every replica agrees. Results are
 * {@link LockCodec#encodeResult encoded results}; queries are {@link LockQueryCodec} queries.
 *
 * <p>Every replica applies every entry, so every replica sees the grants and cancellations of
 * queued requests: the listener receives each command with what it produced, on the Raft thread
 * (it must not block). Not thread-safe, like every state machine: the Raft thread calls it.
 */
public final class LockStateMachine implements StateMachine {
  private final LockTable table;
  private volatile BiConsumer<LockCommand, Applied> listener = (c, a) -> {};
  private volatile long nextExpiryMillis = Long.MAX_VALUE;

  /** A machine over a fresh table. */
  public LockStateMachine() {
    this(new LockTable());
  }

  /** A machine over the given table (for tests). */
  public LockStateMachine(LockTable table) {
    this.table = table;
  }

  /** The log entry for {@code command} stamped with {@code nowMillis}. */
  public static byte[] entry(LockCommand command, long nowMillis) {
    byte[] c = LockCodec.encodeCommand(command);
    return ByteBuffer.allocate(8 + c.length).putLong(nowMillis).put(c).array();
  }

  /** Sets who hears about every applied command (grants and cancellations of other requests). */
  public void setListener(BiConsumer<LockCommand, Applied> listener) {
    this.listener = listener;
  }

  @Override
  public byte[] apply(long index, byte[] entry) {
    if (entry == null || entry.length < 9) {
      return LockCodec.encodeResult(LockResult.error(Status.BAD_COMMAND, "lock log entry too short"));
    }
    long time = ByteBuffer.wrap(entry, 0, 8).getLong();
    LockCommand command;
    try {
      command = LockCodec.decodeCommand(Arrays.copyOfRange(entry, 8, entry.length));
    } catch (IllegalArgumentException e) {
      return LockCodec.encodeResult(LockResult.error(Status.BAD_COMMAND, e.getMessage()));
    }
    Applied applied = table.apply(command, time);
    nextExpiryMillis = table.nextExpiryMillis();
    listener.accept(command, applied);
    return LockCodec.encodeResult(applied.result());
  }

  /** Answers a {@link LockQueryCodec} query; a malformed query gets an empty answer (readers reject it). */
  @Override
  public byte[] query(byte[] query) {
    try {
      return LockQueryCodec.answer(table, query);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  /**
   * When the first session lease of this replica's table runs out ({@link Long#MAX_VALUE} with no
   * session), as of the last applied entry. Safe to read from any thread.
   */
  public long nextExpiryMillis() {
    return nextExpiryMillis;
  }

  @Override
  public byte[] snapshot() {
    return table.snapshot();
  }

  @Override
  public void restore(byte[] snapshot) {
    table.restore(snapshot);
    nextExpiryMillis = table.nextExpiryMillis();
  }
}
