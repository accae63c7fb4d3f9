package io.dsync.wire;

/** Bytes that do not form a valid frame or message. The connection that sent them is closed. */
public class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
