package io.dsync.spi;

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
}
