package io.dsync.lock;

/**
 * A lock operation failed for a reason other than the caller's misuse: the session expired or was
 * closed, the engine is gone or did not answer in time, or the request was refused (for example an
 * upgrade from a read lock to a write lock). Unchecked, like the failures of
 * {@link java.util.concurrent.locks.Lock#lock()}.
 *
 * <p>When the message says the outcome is unknown (a time-out), the request may still have been
 * applied; a retry with the same invocation id applies at most once.
 */
public class LockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public LockException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public LockException(String message, Throwable cause) {
    super(message, cause);
  }
}
