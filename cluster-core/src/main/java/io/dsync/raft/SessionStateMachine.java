package io.dsync.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client sessions (Raft thesis §6.3) around another state machine: a command carries (session
 * id, sequence number); it is applied once, and a retry gets the stored result. Sessions idle
 * longer than the timeout (measured by the times carried in the log) expire; a command for an
 * expired session is refused with {@link SessionCommands#SESSION_EXPIRED} and not applied, so
 * a client that outlived its session learns it instead of applying twice.
 *
 * <p>Deterministic; called from the Raft driver thread only. Queries pass through unchanged.
 */
public final class SessionStateMachine implements StateMachine {
  private static final int SNAPSHOT_VERSION = 1;

  private final StateMachine inner;
  private final long sessionTimeoutMillis;
  private final TreeMap<Long, Session> sessions = new TreeMap<>();
  private long logTime;
  private long lastExpiryScan;

  private static final class Session {
    long lastActive;
    long ackedThrough;
    final TreeMap<Long, byte[]> results = new TreeMap<>();
  }

  /**
   * Wraps {@code inner}.
   *
   * @param inner the machine that applies the payloads
   * @param sessionTimeoutMillis idle time after which a session expires (same on all replicas)
   */
  public SessionStateMachine(StateMachine inner, long sessionTimeoutMillis) {
    if (sessionTimeoutMillis < 1) {
      throw new IllegalArgumentException("sessionTimeoutMillis must be >= 1");
    }
    this.inner = inner;
    this.sessionTimeoutMillis = sessionTimeoutMillis;
  }

  /** The wrapped machine. */
  public StateMachine inner() {
    return inner;
  }

  /** Number of live sessions. */
  public int sessionCount() {
    return sessions.size();
  }

  @Override
  public byte[] apply(long index, byte[] command) {
    ByteBuffer b = ByteBuffer.wrap(command);
    try {
      byte kind = b.get();
      if (kind == SessionCommands.REGISTER) {
        advanceTime(b.getLong());
        Session s = new Session();
        s.lastActive = logTime;
        sessions.put(index, s);
        return SessionCommands.result(SessionCommands.OK, ByteBuffer.allocate(8).putLong(index).array());
      }
      if (kind != SessionCommands.COMMAND) {
        return SessionCommands.result(SessionCommands.MALFORMED, new byte[0]);
      }
      long sessionId = b.getLong();
      long seq = b.getLong();
      long acked = b.getLong();
      advanceTime(b.getLong());
      byte[] payload = Arrays.copyOfRange(command, b.position(), command.length);
      Session s = sessions.get(sessionId);
      if (s == null) {
        return SessionCommands.result(SessionCommands.SESSION_EXPIRED, new byte[0]);
      }
      s.lastActive = logTime;
      if (acked > s.ackedThrough) {
        s.ackedThrough = acked;
        s.results.headMap(acked, true).clear();
      }
      byte[] stored = s.results.get(seq);
      if (stored != null) {
        return stored;
      }
      if (seq <= s.ackedThrough) {
        return SessionCommands.result(SessionCommands.STALE_SEQUENCE, new byte[0]);
      }
      byte[] r = SessionCommands.result(SessionCommands.OK, inner.apply(index, payload));
      s.results.put(seq, r);
      return r;
    } catch (BufferUnderflowException e) {
      return SessionCommands.result(SessionCommands.MALFORMED, new byte[0]);
    }
  }

  private void advanceTime(long t) {
    logTime = Math.max(logTime, t);
    if (logTime - lastExpiryScan < sessionTimeoutMillis / 8) {
      return;
    }
    lastExpiryScan = logTime;
    for (Iterator<Map.Entry<Long, Session>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
      if (logTime - it.next().getValue().lastActive > sessionTimeoutMillis) {
        it.remove();
      }
    }
  }

  @Override
  public byte[] query(byte[] query) {
    return inner.query(query);
  }

  @Override
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SNAPSHOT_VERSION);
      out.writeLong(logTime);
      out.writeLong(lastExpiryScan);
      out.writeInt(sessions.size());
      for (Map.Entry<Long, Session> e : sessions.entrySet()) {
        Session s = e.getValue();
        out.writeLong(e.getKey());
        out.writeLong(s.lastActive);
        out.writeLong(s.ackedThrough);
        out.writeInt(s.results.size());
        for (Map.Entry<Long, byte[]> r : s.results.entrySet()) {
          out.writeLong(r.getKey());
          out.writeInt(r.getValue().length);
          out.write(r.getValue());
        }
      }
      byte[] in = inner.snapshot();
      out.writeInt(in.length);
      out.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void restore(byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      if (in.readInt() != SNAPSHOT_VERSION) {
        throw new IllegalArgumentException("unknown session snapshot version");
      }
      TreeMap<Long, Session> restored = new TreeMap<>();
      long time = in.readLong();
      long scan = in.readLong();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        long id = in.readLong();
        Session s = new Session();
        s.lastActive = in.readLong();
        s.ackedThrough = in.readLong();
        int m = in.readInt();
        for (int j = 0; j < m; j++) {
          long seq = in.readLong();
          s.results.put(seq, in.readNBytes(in.readInt()));
        }
        restored.put(id, s);
      }
      byte[] innerBytes = in.readNBytes(in.readInt());
      inner.restore(innerBytes);
      sessions.clear();
      sessions.putAll(restored);
      logTime = time;
      lastExpiryScan = scan;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed session snapshot: " + e.getMessage(), e);
    }
  }
}
