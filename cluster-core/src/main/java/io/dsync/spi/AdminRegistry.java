package io.dsync.spi;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where services add their REST resources to the node's admin endpoint (Jersey on Grizzly, JSON
 * with Jackson). Register in {@link NodeService#start}; the admin server is started after every
 * service, so later registrations are refused.
 */
public interface AdminRegistry {

  /**
   * Adds a JAX-RS resource: an instance (a singleton, shared by all requests, so thread-safe) or
   * a class. Mutating endpoints ({@code POST}, {@code PUT}, {@code DELETE}) are guarded by the
   * admin bearer token when the server is bound beyond loopback.
   */
  void register(Object resource);

  /**
   * Adds a section to {@code GET /status}: {@code supplier} is called per request and its result
   * (a map, a record, a string…) is written as JSON under {@code name}. Thread-safe supplier.
   */
  default void addStatus(String name, Supplier<?> supplier) {}

  /**
   * Adds a check to {@code GET /health}: the node answers 503 while any check returns false.
   * Called per request; must be fast and thread-safe.
   */
  default void addHealthCheck(String name, BooleanSupplier healthy) {}

  /**
   * Supplies the node's {@code role} in {@code GET /status} (for example the Raft role: {@code
   * leader}, {@code follower}); without one the role is {@code member}.
   */
  default void setRole(Supplier<String> role) {}
}
