package io.dsync.lock.remote;

import io.dsync.wire.Message;
import io.dsync.wire.MessageCodec;
import io.dsync.wire.MessageRegistry;
import io.dsync.wire.WireInput;
import io.dsync.wire.WireOutput;

/**
 * The lock manager's messages on the binary port (type ids 1000–1004). Bodies carry the
 * {@code LockCodec} / {@code LockQueryCodec} bytes unchanged, so the lock core stays the one
 * place that knows them. Codecs are stateless and thread-safe; a malformed body throws
 * {@link io.dsync.wire.WireFormatException} (the connection is then closed).
 *
 * <pre>
 * 1000 LockRequest   REQUEST   [command bytes]          -> 1001 LockReply [result bytes]
 * 1002 QueryRequest  REQUEST   [query bytes]            -> 1003 QueryReply [answer bytes]
 * 1004 LockNotice    ONE_WAY   [session:8][sequence:8][result bytes]   node -> client
 * </pre>
 *
 * A {@code LockReply} of a queued acquire says {@code WAITING}; the node later pushes a
 * {@code LockNotice} with the final result (granted, cancelled, session ended) to the client.
 */
public final class LockWire {
  /** Type id of {@link LockRequest}. */
  public static final int LOCK_REQUEST_ID = 1000;
  /** Type id of {@link LockReply}. */
  public static final int LOCK_REPLY_ID = 1001;
  /** Type id of {@link QueryRequest}. */
  public static final int QUERY_REQUEST_ID = 1002;
  /** Type id of {@link QueryReply}. */
  public static final int QUERY_REPLY_ID = 1003;
  /** Type id of {@link LockNotice}. */
  public static final int LOCK_NOTICE_ID = 1004;

  private LockWire() {}

  /**
   * A lock command for the node to apply.
   *
   * @param command {@code LockCodec.encodeCommand} bytes
   */
  public record LockRequest(byte[] command) implements Message {}

  /**
   * The result of a {@link LockRequest}.
   *
   * @param result {@code LockCodec.encodeResult} bytes
   */
  public record LockReply(byte[] result) implements Message {}

  /**
   * A read of the lock table.
   *
   * @param query {@code LockQueryCodec} query bytes
   */
  public record QueryRequest(byte[] query) implements Message {}

  /**
   * The answer to a {@link QueryRequest}.
   *
   * @param answer {@code LockQueryCodec} answer bytes
   */
  public record QueryReply(byte[] answer) implements Message {}

  /**
   * The end of a queued acquire, pushed to the client that sent it.
   *
   * @param sessionId the acquire's session
   * @param sequence the acquire's sequence number
   * @param result {@code LockCodec.encodeResult} bytes of the final result
   */
  public record LockNotice(long sessionId, long sequence, byte[] result) implements Message {}

  /** Registers the lock messages; returns the registry. */
  public static MessageRegistry register(MessageRegistry registry) {
    registry.register(LOCK_REQUEST_ID, LockRequest.class, bytes(LockRequest::command, LockRequest::new));
    registry.register(LOCK_REPLY_ID, LockReply.class, bytes(LockReply::result, LockReply::new));
    registry.register(QUERY_REQUEST_ID, QueryRequest.class, bytes(QueryRequest::query, QueryRequest::new));
    registry.register(QUERY_REPLY_ID, QueryReply.class, bytes(QueryReply::answer, QueryReply::new));
    registry.register(LOCK_NOTICE_ID, LockNotice.class, new MessageCodec<>() {
      @Override
      public void encode(LockNotice m, WireOutput out) {
        out.writeLong(m.sessionId());
        out.writeLong(m.sequence());
        out.writeByteArray(m.result());
      }

      @Override
      public LockNotice decode(WireInput in) {
        return new LockNotice(in.readLong(), in.readLong(), in.readByteArray());
      }
    });
    return registry;
  }

  private static <T extends Message> MessageCodec<T> bytes(java.util.function.Function<T, byte[]> get,
      java.util.function.Function<byte[], T> make) {
    return new MessageCodec<>() {
      @Override
      public void encode(T m, WireOutput out) {
        out.writeByteArray(get.apply(m));
      }

      @Override
      public T decode(WireInput in) {
        return make.apply(in.readByteArray());
      }
    };
  }
}
