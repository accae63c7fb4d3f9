package io.dsync.lock.core;

/**
 * Identifies one client invocation so that a retried command applies once: the session and a
 * sequence number the client increases with every new command.
 *
 * @param sessionId the session that issued the command
 * @param sequence positive, increasing per session
 */
public record InvocationId(long sessionId, long sequence) {
  @Override
  public String toString() {
    return sessionId + "#" + sequence;
  }
}
