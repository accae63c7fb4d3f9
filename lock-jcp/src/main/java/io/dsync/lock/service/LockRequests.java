package io.dsync.lock.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON request bodies of the lock REST API. */
public final class LockRequests {
  private LockRequests() {}

  /**
   * {@code POST /locks/acquire}.
   *
   * @param resource the lock name (required)
   * @param clientId the caller (required); the same id is the same owner, reentrant
   * @param lockType {@code shared} or {@code exclusive} (default exclusive)
   * @param timeoutSeconds how long to wait; 0 or absent asks once
   */
  public record Acquire(@JsonProperty("resource") String resource, @JsonProperty("client_id") String clientId,
      @JsonProperty("lock_type") String lockType, @JsonProperty("timeout_seconds") Double timeoutSeconds) {}

  /**
   * {@code POST /locks/release}.
   *
   * @param resource the lock name (required)
   * @param clientId the caller (required)
   * @param lockType which hold to give back; absent means the exclusive one if held, else shared
   */
  public record Release(@JsonProperty("resource") String resource, @JsonProperty("client_id") String clientId,
      @JsonProperty("lock_type") String lockType) {}
}
