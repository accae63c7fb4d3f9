package io.dsync.wire;

/**
 * The flag bits of a frame header. Exactly one of {@link #REQUEST}, {@link #RESPONSE} and {@link
 * #ONE_WAY} is set; {@link #ERROR} only with {@link #RESPONSE}; {@link #CRC} says a CRC32C trailer
 * follows the body. Any other bit is a protocol error in version 1.
 */
public final class FrameFlags {
  /** A request: the receiver answers with a response carrying the same correlation id. */
  public static final int REQUEST = 0x01;
  /** A response to the request with the same correlation id. */
  public static final int RESPONSE = 0x02;
  /** With {@link #RESPONSE}: the body is an {@link ErrorResponse}. */
  public static final int ERROR = 0x04;
  /** A message that expects no answer; its correlation id is 0. */
  public static final int ONE_WAY = 0x08;
  /** A CRC32C of the version byte through the end of the body follows the body. */
  public static final int CRC = 0x10;

  static final int KNOWN = REQUEST | RESPONSE | ERROR | ONE_WAY | CRC;

  private FrameFlags() {}

  /** The kind bits of {@code flags}: one of REQUEST, RESPONSE, ONE_WAY. */
  public static int kind(int flags) {
    return flags & (REQUEST | RESPONSE | ONE_WAY);
  }

  /**
   * Checks a flag byte together with its correlation id.
   *
   * @throws WireFormatException naming what is wrong
   */
  public static void validate(int flags, long correlationId) {
    if ((flags & ~KNOWN) != 0) {
      throw new WireFormatException("unknown flag bits 0x" + Integer.toHexString(flags & ~KNOWN));
    }
    int kind = kind(flags);
    if (kind != REQUEST && kind != RESPONSE && kind != ONE_WAY) {
      throw new WireFormatException(
          "flags 0x" + Integer.toHexString(flags) + " must set exactly one of request, response, one-way");
    }
    if ((flags & ERROR) != 0 && kind != RESPONSE) {
      throw new WireFormatException("error flag without response flag");
    }
    if (kind == ONE_WAY && correlationId != 0) {
      throw new WireFormatException("one-way frame with correlation id " + correlationId);
    }
    if (kind != ONE_WAY && correlationId == 0) {
      throw new WireFormatException("request or response frame without a correlation id");
    }
  }

  /** A short readable form, e.g. {@code request|crc}. */
  public static String describe(int flags) {
    StringBuilder sb = new StringBuilder();
    append(sb, flags, REQUEST, "request");
    append(sb, flags, RESPONSE, "response");
    append(sb, flags, ERROR, "error");
    append(sb, flags, ONE_WAY, "one-way");
    append(sb, flags, CRC, "crc");
    return sb.length() == 0 ? "none" : sb.toString();
  }

  private static void append(StringBuilder sb, int flags, int bit, String name) {
    if ((flags & bit) != 0) {
      if (sb.length() > 0) {
        sb.append('|');
      }
      sb.append(name);
    }
  }
}
