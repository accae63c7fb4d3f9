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
 * JAX-RS resource for named caches: {@code GET /caches}, and under {@code /caches/{name}} the
 * same operations as {@link DefaultCacheResource} ({@code GET|DELETE /caches/{name}/{key}},
 * {@code POST /caches/{name}}, {@code GET /caches/{name}/all}, {@code .../metrics},
 * {@code .../status/{key}}), plus {@code GET|DELETE /caches/{name}/entries/{key}} for keys named
 * like a literal path. An unknown cache answers 404.
 *
 * <p>A singleton shared by all requests; thread-safe.
 */
@Path("/caches")
@Produces(MediaType.APPLICATION_JSON)
public final class NamedCachesResource {

  private final CacheOperations operations;

  /**
   * Creates the resource.
   *
   * @param operations the operations it routes to
   */
  public NamedCachesResource(CacheOperations operations) {
    this.operations = operations;
  }

  /**
   * Lists cache names.
   *
   * @return the names and the default cache
   */
  @GET
  public Response names() {
    return operations.names();
  }

  /**
   * Reads an entry.
   *
   * @param name the cache
   * @param key the key
   * @return the entry, or 404 with {@code hit: false}
   */
  @GET
  @Path("{name}/{key}")
  public Response get(@PathParam("name") String name, @PathParam("key") String key) {
    return operations.get(name, key);
  }

  /**
   * Reads an entry whatever its key.
   *
   * @param name the cache
   * @param key the key
   * @return the entry, or 404 with {@code hit: false}
   */
  @GET
  @Path("{name}/entries/{key}")
  public Response getEntry(@PathParam("name") String name, @PathParam("key") String key) {
    return operations.get(name, key);
  }

  /**
   * Stores an entry given as {@code {"key": ..., "value": ...}}.
   *
   * @param name the cache
   * @param body the JSON body
   * @return the outcome
   */
  @POST
  @Path("{name}")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
  public Response put(@PathParam("name") String name, String body) {
    return operations.put(name, body);
  }

  /**
   * Removes an entry.
   *
   * @param name the cache
   * @param key the key
   * @return the outcome, 404 if absent
   */
  @DELETE
  @Path("{name}/{key}")
  public Response delete(@PathParam("name") String name, @PathParam("key") String key) {
    return operations.delete(name, key);
  }

  /**
   * Removes an entry whatever its key.
   *
   * @param name the cache
   * @param key the key
   * @return the outcome, 404 if absent
   */
  @DELETE
  @Path("{name}/entries/{key}")
  public Response deleteEntry(@PathParam("name") String name, @PathParam("key") String key) {
    return operations.delete(name, key);
  }

  /**
   * Lists entries.
   *
   * @param name the cache
   * @param limit most entries to return
   * @return the entries
   */
  @GET
  @Path("{name}/all")
  public Response all(@PathParam("name") String name, @QueryParam("limit") Integer limit) {
    return operations.all(name, limit);
  }

  /**
   * Returns a cache's metrics.
   *
   * @param name the cache
   * @return hits, misses, hit_rate, evictions, size
   */
  @GET
  @Path("{name}/metrics")
  public Response metrics(@PathParam("name") String name) {
    return operations.metrics(name);
  }

  /**
   * Returns a key's line state on this node.
   *
   * @param name the cache
   * @param key the key
   * @return the state
   */
  @GET
  @Path("{name}/status/{key}")
  public Response status(@PathParam("name") String name, @PathParam("key") String key) {
    return operations.status(name, key);
  }
}
