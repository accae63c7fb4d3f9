package io.dsync.lock.core;

/**
 * Who holds or waits for a lock: a client session and a thread (or other owner id) inside it.
 * Reentrancy is keyed by this pair.
 *
 * @param sessionId the client session
 * @param threadId the thread or owner id within the session
 */
public record Owner(long sessionId, long threadId) implements Comparable<Owner> {
  @Override
  public int compareTo(Owner o) {
    int c = Long.compare(sessionId, o.sessionId);
    return c != 0 ? c : Long.compare(threadId, o.threadId);
  }

  @Override
  public String toString() {
    return sessionId + "/" + threadId;
  }
}
