package io.dsync.jms.broker;

/** An operating or usage error detected by the engine; the façade maps the kind to a JMS exception. */
public final class BrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** Unknown, deleted or foreign temporary destination. */
    INVALID_DESTINATION,
    /** The operation is not allowed in the current state. */
    ILLEGAL_STATE,
    /** A queue is full or a message too large. */
    RESOURCE,
    /** The client id is in use. */
    INVALID_CLIENT_ID,
    /** Wrong user or password, or anonymous access refused. */
    SECURITY,
    /** Anything else. */
    GENERAL
  }

  private final Kind kind;

  /** Creates an exception of a kind. */
  public BrokerException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** The kind. */
  public Kind kind() {
    return kind;
  }
}
