package io.dsync.lock.service;

import io.dsync.lock.core.InvocationId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maps the {@code client_id} of REST callers to lock sessions. A REST client has no heartbeat, so
 * its session is derived from its id (the same on every node: the first 8 bytes of
 * SHA-256("rest:" + client_id)) and opened on first use with a long lease, renewed by each of its
 * calls. Sequence numbers start from this node's clock in microseconds so that they keep growing
 * when a client moves to another node. Thread-safe.
 */
final class RestSessions {
  /** The owner id used within a REST session (REST clients have no threads). */
  static final long REST_THREAD = 0;

  private final ConcurrentHashMap<Long, String> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, AtomicLong> sequences = new ConcurrentHashMap<>();

  /** The session of a client. */
  long sessionOf(String clientId) {
    long id = hash(clientId);
    clients.putIfAbsent(id, clientId);
    return id;
  }

  /** A fresh invocation for the client's session. */
  InvocationId next(long session) {
    AtomicLong seq = sequences.computeIfAbsent(session, k -> new AtomicLong());
    long floor = System.currentTimeMillis() * 1000;
    return new InvocationId(session, seq.updateAndGet(v -> Math.max(v + 1, floor)));
  }

  /** The client id of a session opened here, if known. */
  Optional<String> clientOf(long session) {
    return Optional.ofNullable(clients.get(session));
  }

  private static long hash(String clientId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("rest:" + clientId).getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v == 0 ? 1 : v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
