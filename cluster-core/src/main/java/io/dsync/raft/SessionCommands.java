package io.dsync.raft;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The envelope of commands that go through {@link SessionStateMachine} (Raft thesis §6.3), and
 * of their results. Stateless helpers; thread-safe.
 *
 * <pre>
 * register: [1][timeMillis:8]                                   -> OK [sessionId:8]
 * command:  [2][sessionId:8][seq:8][ackedThrough:8][timeMillis:8][payload] -> OK [result]
 * result:   [status:1][bytes]
 * </pre>
 *
 * {@code timeMillis} is the submitter's clock; the state machine only lets it move forward and
 * uses it to expire idle sessions, so expiry is decided in the log and agrees on all replicas.
 */
public final class SessionCommands {
  static final byte REGISTER = 1;
  static final byte COMMAND = 2;

  /** Result status: applied (or the stored result of an earlier apply). */
  public static final byte OK = 0;
  /** Result status: the session is unknown — expired or never registered. Nothing applied. */
  public static final byte SESSION_EXPIRED = 1;
  /** Result status: the sequence number was acknowledged earlier; its result is gone. */
  public static final byte STALE_SEQUENCE = 2;
  /** Result status: the envelope could not be parsed. Nothing applied. */
  public static final byte MALFORMED = 3;

  private SessionCommands() {}

  /** A command that registers a new session; its result carries the session id. */
  public static byte[] register(long timeMillis) {
    return ByteBuffer.allocate(9).put(REGISTER).putLong(timeMillis).array();
  }

  /**
   * A command within a session.
   *
   * @param sessionId from the register result
   * @param seq this command's sequence number, from 1, unique within the session
   * @param ackedThrough every sequence number up to this one has been answered and will not
   *     be retried, so its stored result may be dropped
   * @param timeMillis the submitter's clock
   * @param payload the inner state machine's command
   */
  public static byte[] command(long sessionId, long seq, long ackedThrough, long timeMillis, byte[] payload) {
    return ByteBuffer.allocate(33 + payload.length)
        .put(COMMAND).putLong(sessionId).putLong(seq).putLong(ackedThrough).putLong(timeMillis)
        .put(payload).array();
  }

  /** The status byte of a result. */
  public static byte status(byte[] result) {
    if (result.length == 0) {
      throw new IllegalArgumentException("empty session result");
    }
    return result[0];
  }

  /** The body of a result (after the status byte). */
  public static byte[] body(byte[] result) {
    status(result);
    return Arrays.copyOfRange(result, 1, result.length);
  }

  /** The session id in a successful register result. */
  public static long sessionId(byte[] registerResult) {
    if (status(registerResult) != OK || registerResult.length != 9) {
      throw new IllegalArgumentException("not a successful register result");
    }
    return ByteBuffer.wrap(registerResult, 1, 8).getLong();
  }

  static byte[] result(byte status, byte[] body) {
    byte[] r = new byte[body.length + 1];
    r[0] = status;
    System.arraycopy(body, 0, r, 1, body.length);
    return r;
  }
}
