package io.dsync.lock.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binary form of read-only queries of the lock table and their answers, for linearizable reads
 * through Raft. A query is {@code [1][resource]} (one view), {@code [2]} (all views) or
 * {@code [3]} (counters). Stateless and thread-safe.
 */
public final class LockQueryCodec {
  static final byte VIEW = 1;
  static final byte VIEWS = 2;
  static final byte STATS = 3;

  private LockQueryCodec() {}

  /** A query for one resource. */
  public static byte[] viewQuery(String resource) {
    return new Bytes.Writer().writeByte(VIEW).writeString(resource).toByteArray();
  }

  /** A query for every resource. */
  public static byte[] viewsQuery() {
    return new byte[] {VIEWS};
  }

  /** A query for the counters. */
  public static byte[] statsQuery() {
    return new byte[] {STATS};
  }

  /**
   * Answers a query against the table; never changes it.
   *
   * @throws IllegalArgumentException for a malformed query
   */
  public static byte[] answer(LockTable table, byte[] query) {
    Bytes.Reader r = new Bytes.Reader(query, "lock query");
    int type = r.readByte();
    Bytes.Writer w = new Bytes.Writer();
    switch (type) {
      case VIEW -> {
        String resource = r.readString();
        r.end();
        Optional<LockView> v = table.view(resource);
        w.writeBoolean(v.isPresent());
        v.ifPresent(view -> writeView(w, view));
      }
      case VIEWS -> {
        r.end();
        List<LockView> all = table.views();
        w.writeInt(all.size());
        all.forEach(view -> writeView(w, view));
      }
      case STATS -> {
        r.end();
        LockStats s = table.stats();
        w.writeInt(s.activeLocks()).writeInt(s.waitingRequests()).writeLong(s.deadlocksDetected())
            .writeLong(s.deadlockVictims()).writeLong(s.lastFence()).writeInt(s.sessions());
      }
      default -> throw new IllegalArgumentException("lock query: unknown type " + type);
    }
    return w.toByteArray();
  }

  /** Reads the answer to {@link #viewQuery}. */
  public static Optional<LockView> readView(byte[] answer) {
    Bytes.Reader r = new Bytes.Reader(answer, "lock view");
    Optional<LockView> v = r.readBoolean() ? Optional.of(readView(r)) : Optional.empty();
    r.end();
    return v;
  }

  /** Reads the answer to {@link #viewsQuery}. */
  public static List<LockView> readViews(byte[] answer) {
    Bytes.Reader r = new Bytes.Reader(answer, "lock views");
    int n = r.readCount(21);
    List<LockView> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readView(r));
    }
    r.end();
    return out;
  }

  /** Reads the answer to {@link #statsQuery}. */
  public static LockStats readStats(byte[] answer) {
    Bytes.Reader r = new Bytes.Reader(answer, "lock stats");
    LockStats s = new LockStats(r.readInt(), r.readInt(), r.readLong(), r.readLong(), r.readLong(), r.readInt());
    r.end();
    return s;
  }

  private static void writeView(Bytes.Writer w, LockView v) {
    w.writeString(v.resource()).writeByte(v.mode().map(LockMode::code).orElse((byte) 0)).writeLong(v.fence());
    w.writeInt(v.holders().size());
    for (HolderView h : v.holders()) {
      LockCodec.writeOwner(w, h.owner());
      w.writeInt(h.exclusiveCount()).writeInt(h.sharedCount()).writeLong(h.fence());
    }
    w.writeInt(v.waiting().size());
    for (WaiterView q : v.waiting()) {
      LockCodec.writeOwner(w, q.owner());
      w.writeByte(q.mode().code());
      LockCodec.writeInvocation(w, q.invocation());
      w.writeInt(q.position());
    }
  }

  private static LockView readView(Bytes.Reader r) {
    String name = r.readString();
    int mode = r.readByte();
    long fence = r.readLong();
    int nh = r.readCount(32);
    List<HolderView> holders = new ArrayList<>(nh);
    for (int i = 0; i < nh; i++) {
      holders.add(new HolderView(LockCodec.readOwner(r), r.readInt(), r.readInt(), r.readLong()));
    }
    int nw = r.readCount(37);
    List<WaiterView> waiting = new ArrayList<>(nw);
    for (int i = 0; i < nw; i++) {
      waiting.add(new WaiterView(LockCodec.readOwner(r), LockMode.fromCode(r.readByte()), LockCodec.readInvocation(r),
          r.readInt()));
    }
    return new LockView(name, mode == 0 ? Optional.empty() : Optional.of(LockMode.fromCode(mode)), holders, waiting,
        fence);
  }
}
