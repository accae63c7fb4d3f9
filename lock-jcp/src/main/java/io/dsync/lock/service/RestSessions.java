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
 * calls. Sequence numbers come from this node's clock (see {@link #next}). Thread-safe.
 */
final class RestSessions {
  /** The owner id used within a REST session (REST clients have no threads). */
  static final long REST_THREAD = 0;

  private static final long SALTS = 256;

  private final long salt = new java.security.SecureRandom().nextInt((int) SALTS);
  private final ConcurrentHashMap<Long, String> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, AtomicLong> sequences = new ConcurrentHashMap<>();

  /** The session of a client. */
  long sessionOf(String clientId) {
    long id = hash(clientId);
    clients.putIfAbsent(id, clientId);
    return id;
  }

  /**
   * A fresh invocation for the client's session: this node's clock in microseconds times 256 plus
   * a per-node salt, so sequences keep growing when the client moves to another node and two nodes
   * never issue the same sequence for one client.
   */
  InvocationId next(long session) {
    AtomicLong seq = sequences.computeIfAbsent(session, k -> new AtomicLong());
    long floor = System.currentTimeMillis() * 1000 * SALTS;
    return new InvocationId(session, seq.updateAndGet(v -> {
      long base = Math.max(v + SALTS, floor);
      return base - Math.floorMod(base, SALTS) + salt;
    }));
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
