package io.dsync.net;

/** The peer received a request and answered with an error. */
public class RemoteException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errorCode;

  public RemoteException(String errorCode, String message) {
    super(errorCode + ": " + message);
    this.errorCode = errorCode;
  }

  /** A short stable word such as {@code not_leader}, {@code bad_request}, {@code internal}. */
  public String errorCode() {
    return errorCode;
  }
}
