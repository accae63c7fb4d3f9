package io.dsync.client;

import io.dsync.cluster.NodeId;
import io.dsync.net.Backoff;
import io.dsync.wire.FrameCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Settings of a {@link ClusterClient}. Immutable; start from {@link #of(String)} and adjust with
 * the {@code with*} methods.
 *
 * @param url the nodes to connect to
 * @param clientId the id the client announces ({@code client-<uuid>} by default)
 * @param requestTimeout the overall time a request may take, retries included
 * @param attemptTimeout the time one attempt may take before it is retried
 * @param maxAttempts attempts per request, the first included
 * @param retryBackoff the delays between attempts
 * @param connectTimeout the time one connection attempt may take
 * @param maxFrameBytes the largest frame sent or accepted
 * @param retryableErrorCodes remote error codes that are retried (others fail the request)
 */
public record ClientOptions(
    DsyncUrl url,
    NodeId clientId,
    Duration requestTimeout,
    Duration attemptTimeout,
    int maxAttempts,
    Backoff retryBackoff,
    Duration connectTimeout,
    int maxFrameBytes,
    Set<String> retryableErrorCodes) {

  public ClientOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    positive("requestTimeout", requestTimeout);
    positive("attemptTimeout", attemptTimeout);
    positive("connectTimeout", connectTimeout);
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts must be in 1..100: " + maxAttempts);
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1024: " + maxFrameBytes);
    }
    retryableErrorCodes = Set.copyOf(retryableErrorCodes);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /**
   * Defaults for a URL: a fresh {@code client-<uuid>} id, 30 s per request, 5 s per attempt, 5
   * attempts, 50 ms–2 s backoff, 3 s connect timeout, 16 MiB frames, retry on {@code unavailable}.
   *
   * @throws IllegalArgumentException for a malformed URL
   */
  public static ClientOptions of(String url) {
    return new ClientOptions(
        DsyncUrl.parse(url),
        NodeId.of("client-" + UUID.randomUUID()),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        5,
        new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2)),
        Duration.ofSeconds(3),
        FrameCodec.DEFAULT_MAX_FRAME_BYTES,
        Set.of("unavailable"));
  }

  public ClientOptions withClientId(NodeId id) {
    return new ClientOptions(url, id, requestTimeout, attemptTimeout, maxAttempts, retryBackoff,
        connectTimeout, maxFrameBytes, retryableErrorCodes);
  }

  public ClientOptions withTimeouts(Duration request, Duration attempt) {
    return new ClientOptions(url, clientId, request, attempt, maxAttempts, retryBackoff,
        connectTimeout, maxFrameBytes, retryableErrorCodes);
  }

  public ClientOptions withRetries(int attempts, Backoff backoff) {
    return new ClientOptions(url, clientId, requestTimeout, attemptTimeout, attempts, backoff,
        connectTimeout, maxFrameBytes, retryableErrorCodes);
  }

  public ClientOptions withConnectTimeout(Duration timeout) {
    return new ClientOptions(url, clientId, requestTimeout, attemptTimeout, maxAttempts, retryBackoff,
        timeout, maxFrameBytes, retryableErrorCodes);
  }

  public ClientOptions withMaxFrameBytes(int bytes) {
    return new ClientOptions(url, clientId, requestTimeout, attemptTimeout, maxAttempts, retryBackoff,
        connectTimeout, bytes, retryableErrorCodes);
  }

  public ClientOptions withRetryableErrorCodes(Set<String> codes) {
    return new ClientOptions(url, clientId, requestTimeout, attemptTimeout, maxAttempts, retryBackoff,
        connectTimeout, maxFrameBytes, codes);
  }
}
