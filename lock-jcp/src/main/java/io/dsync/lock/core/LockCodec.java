package io.dsync.lock.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of commands and results, as they travel through the Raft log and back
 * to clients. Big-endian; strings are a 4-byte length and UTF-8. Each command starts with a type
 * byte. Decoding never trusts a length and fails with an {@link IllegalArgumentException} that
 * says what was wrong (unknown type, unknown mode, truncated, trailing bytes).
 *
 * <p>Stateless and thread-safe.
 */
public final class LockCodec {
  static final byte OPEN = 1;
  static final byte KEEP_ALIVE = 2;
  static final byte CLOSE = 3;
  static final byte ACQUIRE = 4;
  static final byte RELEASE = 5;
  static final byte CANCEL = 6;
  static final byte TICK = 7;

  private LockCodec() {}

  /**
   * Encodes a command. A missing resource or mode is encoded too (as null / code 0), so that the
   * state machine answers it with a clear {@link Status#BAD_COMMAND} instead of the client failing.
   */
  public static byte[] encodeCommand(LockCommand command) {
    Bytes.Writer w = new Bytes.Writer();
    if (command instanceof LockCommand.OpenSession o) {
      w.writeByte(OPEN).writeLong(o.sessionId()).writeLong(o.leaseMillis());
    } else if (command instanceof LockCommand.KeepAlive k) {
      w.writeByte(KEEP_ALIVE).writeLong(k.sessionId()).writeLong(k.ackedThrough());
    } else if (command instanceof LockCommand.CloseSession c) {
      w.writeByte(CLOSE).writeLong(c.sessionId());
    } else if (command instanceof LockCommand.Acquire a) {
      w.writeByte(ACQUIRE);
      writeInvocation(w, a.invocation());
      w.writeLong(a.threadId()).writeString(a.resource()).writeByte(code(a.mode())).writeBoolean(a.waitIfBusy());
    } else if (command instanceof LockCommand.Release r) {
      w.writeByte(RELEASE);
      writeInvocation(w, r.invocation());
      w.writeLong(r.threadId()).writeString(r.resource()).writeByte(code(r.mode()));
    } else if (command instanceof LockCommand.Cancel c) {
      w.writeByte(CANCEL);
      writeInvocation(w, c.target());
    } else if (command instanceof LockCommand.Tick) {
      w.writeByte(TICK);
    } else {
      throw new IllegalArgumentException("cannot encode " + command);
    }
    return w.toByteArray();
  }

  /**
   * Decodes a command.
   *
   * @throws IllegalArgumentException if the bytes are not a command, naming the problem
   */
  public static LockCommand decodeCommand(byte[] bytes) {
    try {
      return readCommand(bytes);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("lock command:")) {
        throw e;
      }
      throw new IllegalArgumentException("lock command: " + e.getMessage(), e);
    }
  }

  private static LockCommand readCommand(byte[] bytes) {
    Bytes.Reader r = new Bytes.Reader(bytes, "lock command");
    int type = r.readByte();
    LockCommand c;
    switch (type) {
      case OPEN:
        c = new LockCommand.OpenSession(r.readLong(), r.readLong());
        break;
      case KEEP_ALIVE:
        c = new LockCommand.KeepAlive(r.readLong(), r.readLong());
        break;
      case CLOSE:
        c = new LockCommand.CloseSession(r.readLong());
        break;
      case ACQUIRE:
        c = new LockCommand.Acquire(readInvocation(r), r.readLong(), r.readString(), LockMode.fromCode(r.readByte()),
            r.readBoolean());
        break;
      case RELEASE:
        c = new LockCommand.Release(readInvocation(r), r.readLong(), r.readString(), LockMode.fromCode(r.readByte()));
        break;
      case CANCEL:
        c = new LockCommand.Cancel(readInvocation(r));
        break;
      case TICK:
        c = new LockCommand.Tick();
        break;
      default:
        throw new IllegalArgumentException("lock command: unknown type " + type);
    }
    r.end();
    return c;
  }

  /** A mode's code; a missing mode is written as 0, which decoding refuses as an unknown mode. */
  private static byte code(LockMode mode) {
    return mode == null ? 0 : mode.code();
  }

  /** Encodes a result. */
  public static byte[] encodeResult(LockResult result) {
    Bytes.Writer w = new Bytes.Writer();
    writeResult(w, result);
    return w.toByteArray();
  }

  /**
   * Decodes a result.
   *
   * @throws IllegalArgumentException if the bytes are not a result
   */
  public static LockResult decodeResult(byte[] bytes) {
    Bytes.Reader r = new Bytes.Reader(bytes, "lock result");
    LockResult result = readResult(r);
    r.end();
    return result;
  }

  static void writeResult(Bytes.Writer w, LockResult result) {
    w.writeByte(result.status().code()).writeLong(result.fence()).writeInt(result.queuePosition())
        .writeString(result.message()).writeInt(result.cycle().size());
    for (WaitEdge e : result.cycle()) {
      writeOwner(w, e.waiter());
      w.writeString(e.resource());
      writeOwner(w, e.blocker());
    }
  }

  static LockResult readResult(Bytes.Reader r) {
    Status status = Status.fromCode(r.readByte());
    long fence = r.readLong();
    int position = r.readInt();
    String message = r.readString();
    int n = r.readCount(36);
    List<WaitEdge> cycle = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      cycle.add(new WaitEdge(readOwner(r), r.readString(), readOwner(r)));
    }
    return new LockResult(status, fence, position, cycle, message);
  }

  static void writeInvocation(Bytes.Writer w, InvocationId id) {
    w.writeLong(id.sessionId()).writeLong(id.sequence());
  }

  static InvocationId readInvocation(Bytes.Reader r) {
    return new InvocationId(r.readLong(), r.readLong());
  }

  static void writeOwner(Bytes.Writer w, Owner o) {
    w.writeLong(o.sessionId()).writeLong(o.threadId());
  }

  static Owner readOwner(Bytes.Reader r) {
    return new Owner(r.readLong(), r.readLong());
  }
}
