package io.dsync.jcache.admin;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * JAX-RS resource for the node's default cache: {@code GET /cache/{key}}, {@code POST /cache},
 * {@code DELETE /cache/{key}}, {@code GET /cache/all}, {@code GET /cache/metrics},
 * {@code GET /cache/status/{key}}. The literal paths {@code all} and {@code metrics} take
 * precedence, so keys with those names are reached through {@code /caches/{name}/entries/{key}}.
 *
 * <p>A singleton shared by all requests; thread-safe.
 */
@Path("/cache")
@Produces(MediaType.APPLICATION_JSON)
public final class DefaultCacheResource {

  private final CacheOperations operations;

  /**
   * Creates the resource.
   *
   * @param operations the operations it routes to
   */
  public DefaultCacheResource(CacheOperations operations) {
    this.operations = operations;
  }

  /**
   * Reads an entry.
   *
   * @param key the key
   * @return the entry, or 404 with {@code hit: false}
   */
  @GET
  @Path("{key}")
  public Response get(@PathParam("key") String key) {
    return operations.get(operations.defaultCacheName(), key);
  }

  /**
   * Stores an entry given as {@code {"key": ..., "value": ...}}.
   *
   * @param body the JSON body
   * @return the outcome
   */
  @POST
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
  public Response put(String body) {
    return operations.put(operations.defaultCacheName(), body);
  }

  /**
   * Removes an entry.
   *
   * @param key the key
   * @return the outcome, 404 if absent
   */
  @DELETE
  @Path("{key}")
  public Response delete(@PathParam("key") String key) {
    return operations.delete(operations.defaultCacheName(), key);
  }

  /**
   * Lists entries.
   *
   * @param limit most entries to return
   * @return the entries
   */
  @GET
  @Path("all")
  public Response all(@QueryParam("limit") Integer limit) {
    return operations.all(operations.defaultCacheName(), limit);
  }

  /**
   * Returns the cache's metrics.
   *
   * @return hits, misses, hit_rate, evictions, size
   */
  @GET
  @Path("metrics")
  public Response metrics() {
    return operations.metrics(operations.defaultCacheName());
  }

  /**
   * Returns the key's line state on this node.
   *
   * @param key the key
   * @return the state
   */
  @GET
  @Path("status/{key}")
  public Response status(@PathParam("key") String key) {
    return operations.status(operations.defaultCacheName(), key);
  }
}
