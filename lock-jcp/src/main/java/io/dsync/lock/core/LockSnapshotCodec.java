package io.dsync.lock.core;

import java.util.Map;

/**
 * The binary form of a whole {@link LockTable}: counters (including the last fence, so fences
 * keep growing after a restore), sessions with their leases and stored results, and every
 * resource with its holders in grant order and its queue in FIFO order. Starts with a magic number
 * and a format version.
 *
 * <p>Version 2 stores, per session, the client's acknowledged mark and the exact ranges of applied
 * sequences above it. Version 1 (until 2026-11-24) stored one floor under which results had been
 * dropped; it is still read, as an acknowledged mark with the stored results' sequences as the
 * applied set — the same answers version 1 gave — so a node restarts on a log or snapshot it wrote.
 */
final class LockSnapshotCodec {
  private static final int MAGIC = 0x44534C4B; // "DSLK"
  private static final int VERSION = 2;
  private static final int VERSION_FLOOR = 1;

  private LockSnapshotCodec() {}

  static byte[] write(LockTable t) {
    Bytes.Writer w = new Bytes.Writer();
    w.writeInt(MAGIC).writeByte(VERSION);
    w.writeLong(t.now).writeLong(t.lastFence).writeLong(t.appliedCount).writeLong(t.deadlocksDetected)
        .writeLong(t.deadlockVictims);
    w.writeInt(t.sessions.size());
    for (SessionState s : t.sessions.values()) {
      w.writeLong(s.id).writeLong(s.leaseMillis).writeLong(s.expiresAt).writeLong(s.ackedThrough);
      w.writeInt(s.applied.ranges().size());
      for (Map.Entry<Long, Long> range : s.applied.ranges().entrySet()) {
        w.writeLong(range.getKey()).writeLong(range.getValue());
      }
      w.writeInt(s.results.size());
      for (Map.Entry<Long, LockResult> e : s.results.entrySet()) {
        w.writeLong(e.getKey());
        LockCodec.writeResult(w, e.getValue());
      }
    }
    w.writeInt(t.resources.size());
    for (ResourceState r : t.resources.values()) {
      w.writeString(r.name).writeLong(r.lastFence).writeInt(r.holders.size());
      for (Map.Entry<Owner, Hold> e : r.holders.entrySet()) {
        LockCodec.writeOwner(w, e.getKey());
        w.writeInt(e.getValue().exclusive).writeInt(e.getValue().shared).writeLong(e.getValue().fence);
      }
      w.writeInt(r.queue.size());
      for (Waiter q : r.queue.values()) {
        LockCodec.writeOwner(w, q.owner());
        w.writeByte(q.mode().code());
        LockCodec.writeInvocation(w, q.invocation());
        w.writeLong(q.age());
      }
    }
    return w.toByteArray();
  }

  static LockTable read(byte[] bytes, int resultsPerSession, int rangesPerSession) {
    Bytes.Reader r = new Bytes.Reader(bytes, "lock snapshot");
    if (r.readInt() != MAGIC) {
      throw new IllegalArgumentException("lock snapshot: bad magic number");
    }
    int version = r.readByte();
    if (version != VERSION && version != VERSION_FLOOR) {
      throw new IllegalArgumentException("lock snapshot: unsupported version " + version);
    }
    LockTable t = new LockTable(resultsPerSession, rangesPerSession);
    t.now = r.readLong();
    t.lastFence = r.readLong();
    t.appliedCount = r.readLong();
    t.deadlocksDetected = r.readLong();
    t.deadlockVictims = r.readLong();
    int sessions = r.readCount(36);
    for (int i = 0; i < sessions; i++) {
      SessionState s = new SessionState(r.readLong(), r.readLong(), r.readLong());
      s.ackedThrough = r.readLong();
      int ranges = version == VERSION_FLOOR ? 0 : r.readCount(16);
      for (int j = 0; j < ranges; j++) {
        try {
          s.applied.addRange(r.readLong(), r.readLong());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("session " + s.id + ": " + e.getMessage(), e);
        }
      }
      int results = r.readCount(29);
      for (int j = 0; j < results; j++) {
        long sequence = r.readLong();
        s.results.put(sequence, LockCodec.readResult(r));
        if (version == VERSION_FLOOR && sequence > s.ackedThrough) {
          s.applied.add(sequence);
        }
      }
      t.restoreSession(s);
    }
    int resources = r.readCount(16);
    for (int i = 0; i < resources; i++) {
      ResourceState res = new ResourceState(r.readString());
      res.lastFence = r.readLong();
      int holders = r.readCount(32);
      for (int j = 0; j < holders; j++) {
        res.holders.put(LockCodec.readOwner(r), new Hold(r.readInt(), r.readInt(), r.readLong()));
      }
      int queued = r.readCount(41);
      for (int j = 0; j < queued; j++) {
        Owner o = LockCodec.readOwner(r);
        LockMode mode = LockMode.fromCode(r.readByte());
        res.queue.put(o, new Waiter(o, res.name, mode, LockCodec.readInvocation(r), r.readLong()));
      }
      checkSessions(t, res);
      t.restoreResource(res);
    }
    r.end();
    return t;
  }

  private static void checkSessions(LockTable t, ResourceState res) {
    for (Owner o : res.holders.keySet()) {
      if (!t.sessions.containsKey(o.sessionId())) {
        throw new IllegalArgumentException("lock snapshot: holder " + o + " of '" + res.name + "' has no session");
      }
    }
    for (Owner o : res.queue.keySet()) {
      if (!t.sessions.containsKey(o.sessionId())) {
        throw new IllegalArgumentException("lock snapshot: waiter " + o + " of '" + res.name + "' has no session");
      }
    }
  }
}
