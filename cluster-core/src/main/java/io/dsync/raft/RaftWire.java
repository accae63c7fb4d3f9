package io.dsync.raft;

import io.dsync.raft.core.LogEntry;
import io.dsync.raft.core.Membership;
import io.dsync.raft.core.EntryType;
import io.dsync.raft.core.RaftMessage;
import io.dsync.raft.core.RaftMessage.AppendRequest;
import io.dsync.raft.core.RaftMessage.AppendResponse;
import io.dsync.raft.core.RaftMessage.SnapshotRequest;
import io.dsync.raft.core.RaftMessage.SnapshotResponse;
import io.dsync.raft.core.RaftMessage.TimeoutNow;
import io.dsync.raft.core.RaftMessage.VoteRequest;
import io.dsync.raft.core.RaftMessage.VoteResponse;
import io.dsync.wire.Message;
import io.dsync.wire.MessageCodec;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireFormatException;
import io.dsync.wire.WireInput;
import io.dsync.wire.WireOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Raft's wire messages (type ids 100–102 of the Raft range 100–199): the peer-to-peer envelope
 * of a core {@link RaftMessage}, and the request/response a follower uses to forward a client
 * command or read to the leader. Codecs are stateless and thread-safe; malformed bytes throw
 * {@link WireFormatException}.
 */
public final class RaftWire {
  /** Type id of {@link Envelope}. */
  public static final int ENVELOPE_ID = 100;
  /** Type id of {@link ForwardRequest}. */
  public static final int FORWARD_REQUEST_ID = 101;
  /** Type id of {@link ForwardResponse}. */
  public static final int FORWARD_RESPONSE_ID = 102;

  private static final int MAX_ENTRIES = 1 << 20;

  private RaftWire() {}

  /**
   * A Raft message for one group.
   *
   * @param group the Raft group's name
   * @param message the core message
   */
  public record Envelope(String group, RaftMessage message) implements Message {}

  /**
   * A command ({@code read == false}) or query forwarded to the leader.
   *
   * @param group the Raft group's name
   * @param read true for a linearizable read, false for a command
   * @param payload the command (already in its session envelope) or the query
   */
  public record ForwardRequest(String group, boolean read, byte[] payload) implements Message {}

  /**
   * The leader's answer to a {@link ForwardRequest}.
   *
   * @param payload the state machine's result
   */
  public record ForwardResponse(byte[] payload) implements Message {}

  /** Registers the codecs; safe to call more than once. */
  public static MessageRegistry register(MessageRegistry registry) {
    registry.register(ENVELOPE_ID, Envelope.class, ENVELOPE);
    registry.register(FORWARD_REQUEST_ID, ForwardRequest.class, FORWARD_REQUEST);
    registry.register(FORWARD_RESPONSE_ID, ForwardResponse.class, FORWARD_RESPONSE);
    return registry;
  }

  static final MessageCodec<ForwardRequest> FORWARD_REQUEST = new MessageCodec<>() {
    @Override
    public void encode(ForwardRequest m, WireOutput out) {
      out.writeString(m.group());
      out.writeBoolean(m.read());
      out.writeByteArray(m.payload());
    }

    @Override
    public ForwardRequest decode(WireInput in) {
      return new ForwardRequest(group(in), in.readBoolean(), in.readByteArray());
    }
  };

  static final MessageCodec<ForwardResponse> FORWARD_RESPONSE = new MessageCodec<>() {
    @Override
    public void encode(ForwardResponse m, WireOutput out) {
      out.writeByteArray(m.payload());
    }

    @Override
    public ForwardResponse decode(WireInput in) {
      return new ForwardResponse(in.readByteArray());
    }
  };

  static final MessageCodec<Envelope> ENVELOPE = new MessageCodec<>() {
    @Override
    public void encode(Envelope e, WireOutput out) {
      out.writeString(e.group());
      RaftMessage m = e.message();
      out.writeLong(m.term());
      if (m instanceof VoteRequest v) {
        out.writeByte(1);
        out.writeLong(v.lastLogIndex());
        out.writeLong(v.lastLogTerm());
        out.writeBoolean(v.preVote());
        out.writeBoolean(v.transfer());
      } else if (m instanceof VoteResponse v) {
        out.writeByte(2);
        out.writeBoolean(v.granted());
        out.writeBoolean(v.preVote());
      } else if (m instanceof AppendRequest a) {
        out.writeByte(3);
        out.writeLong(a.prevLogIndex());
        out.writeLong(a.prevLogTerm());
        out.writeLong(a.leaderCommit());
        out.writeLong(a.readContext());
        out.writeBoolean(a.heartbeat());
        out.writeInt(a.entries().size());
        for (LogEntry le : a.entries()) {
          out.writeLong(le.index());
          out.writeLong(le.term());
          out.writeByte(le.type().ordinal());
          out.writeByteArray(le.data());
        }
      } else if (m instanceof AppendResponse a) {
        out.writeByte(4);
        out.writeBoolean(a.success());
        out.writeLong(a.matchIndex());
        out.writeLong(a.conflictIndex());
        out.writeLong(a.conflictTerm());
        out.writeLong(a.rejectedIndex());
        out.writeLong(a.readContext());
        out.writeBoolean(a.heartbeat());
      } else if (m instanceof SnapshotRequest s) {
        out.writeByte(5);
        out.writeLong(s.index());
        out.writeLong(s.snapshotTerm());
        out.writeByteArray(s.membership().encode());
        out.writeLong(s.offset());
        out.writeByteArray(s.chunk());
        out.writeBoolean(s.done());
      } else if (m instanceof SnapshotResponse s) {
        out.writeByte(6);
        out.writeLong(s.index());
        out.writeLong(s.nextOffset());
        out.writeBoolean(s.done());
        out.writeLong(s.matchIndex());
      } else if (m instanceof TimeoutNow) {
        out.writeByte(7);
      } else {
        throw new IllegalArgumentException("unknown raft message " + m);
      }
    }

    @Override
    public Envelope decode(WireInput in) {
      String group = group(in);
      long term = nonNegative(in.readLong(), "term");
      int kind = in.readByte();
      RaftMessage m = switch (kind) {
        case 1 -> new VoteRequest(term, nonNegative(in.readLong(), "index"), nonNegative(in.readLong(), "term"),
            in.readBoolean(), in.readBoolean());
        case 2 -> new VoteResponse(term, in.readBoolean(), in.readBoolean());
        case 3 -> {
          long prev = nonNegative(in.readLong(), "prevLogIndex");
          long prevTerm = in.readLong();
          long commit = nonNegative(in.readLong(), "commit");
          long ctx = in.readLong();
          boolean hb = in.readBoolean();
          int n = in.readInt();
          if (n < 0 || n > MAX_ENTRIES || n > in.remaining()) {
            throw new WireFormatException("bad entry count " + n);
          }
          List<LogEntry> entries = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            long index = in.readLong();
            long t = in.readLong();
            int type = in.readByte();
            if (type < 0 || type >= EntryType.values().length) {
              throw new WireFormatException("bad entry type " + type);
            }
            entries.add(new LogEntry(index, t, EntryType.values()[type], in.readByteArray()));
          }
          yield new AppendRequest(term, prev, prevTerm, entries, commit, ctx, hb);
        }
        case 4 -> new AppendResponse(term, in.readBoolean(), in.readLong(), in.readLong(), in.readLong(),
            in.readLong(), in.readLong(), in.readBoolean());
        case 5 -> {
          long index = nonNegative(in.readLong(), "index");
          long snapTerm = nonNegative(in.readLong(), "term");
          Membership members = Membership.decode(in.readByteArray());
          yield new SnapshotRequest(term, index, snapTerm, members, nonNegative(in.readLong(), "offset"),
              in.readByteArray(), in.readBoolean());
        }
        case 6 -> new SnapshotResponse(term, in.readLong(), in.readLong(), in.readBoolean(), in.readLong());
        case 7 -> new TimeoutNow(term);
        default -> throw new WireFormatException("unknown raft message kind " + kind);
      };
      return new Envelope(group, m);
    }
  };

  private static String group(WireInput in) {
    String g = in.readString();
    if (g == null || g.isEmpty() || g.length() > 64) {
      throw new WireFormatException("bad raft group name");
    }
    return g;
  }

  private static long nonNegative(long v, String what) {
    if (v < 0) {
      throw new WireFormatException("negative " + what + ": " + v);
    }
    return v;
  }
}
