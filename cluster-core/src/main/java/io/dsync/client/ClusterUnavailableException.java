package io.dsync.client;

/**
 * A client request could not be completed: no node of the cluster was reachable, or every
 * attempt failed or timed out. The request may still have been applied by a node that answered
 * too late; its cause is the last attempt's failure.
 */
public class ClusterUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
