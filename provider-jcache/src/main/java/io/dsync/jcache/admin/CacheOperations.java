package io.dsync.jcache.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.jcache.DsyncCache;
import io.dsync.jcache.management.CacheStatistics;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;

/**
 * The cache operations of the admin REST API, independent of JAX-RS routing: each method takes
 * the cache name and request data and returns a complete JSON {@link Response}.
 *
 * <p>Keys are strings (1 to {@value #MAX_KEY_CHARS} characters, no control characters); values
 * are any JSON value, stored as the plain Java objects Jackson maps them to (strings, numbers,
 * booleans, maps, lists). Errors are JSON objects {@code {status, error, message}} with status
 * 400 (bad key, bad JSON, wrong types), 404 (unknown cache, missing key) or 413 (body too large).
 *
 * <p>Thread-safe: the only state is the cache manager, itself thread-safe. Methods block only as
 * long as the cache operation does (a loader or writer may block).
 */
public final class CacheOperations {

  /** Longest accepted key, in characters. */
  public static final int MAX_KEY_CHARS = 512;

  /** Largest accepted request body, in bytes. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** Most entries {@code all} returns unless asked otherwise. */
  public static final int DEFAULT_LIST_LIMIT = 1000;

  private final CacheManager manager;
  private final String defaultCacheName;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates the operations.
   *
   * @param manager where caches are looked up by name
   * @param defaultCacheName the cache served under {@code /cache}
   */
  public CacheOperations(CacheManager manager, String defaultCacheName) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.defaultCacheName = Objects.requireNonNull(defaultCacheName, "defaultCacheName");
  }

  /**
   * Returns the name of the cache served under {@code /cache}.
   *
   * @return the default cache name
   */
  public String defaultCacheName() {
    return defaultCacheName;
  }

  /**
   * {@code GET .../{key}}: 200 {@code {key, value, hit: true, state}}, or 404 with
   * {@code hit: false, state: "I"}.
   *
   * @param cacheName the cache
   * @param key the key
   * @return the response
   */
  public Response get(String cacheName, String key) {
    return run(cacheName, key, cache -> {
      Object value = cache.get(key);
      Map<String, Object> body = keyed(cacheName, key);
      if (value == null) {
        body.put("hit", false);
        body.put("state", "I");
        return noEntry(body, cacheName, key);
      }
      body.put("value", value);
      body.put("hit", true);
      body.put("state", state(cache, key));
      return json(200, body);
    });
  }

  /**
   * {@code POST ...} with body {@code {"key": "...", "value": <any JSON>}}: stores the entry.
   *
   * @param cacheName the cache
   * @param body the request body
   * @return 200 {@code {key, stored: true, state}}, or an error
   */
  public Response put(String cacheName, String body) {
    if (body == null || body.isBlank()) {
      return error(400, "bad_request", "the body must be a JSON object {\"key\": ..., \"value\": ...}");
    }
    if (body.length() > MAX_BODY_BYTES) {
      return error(413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      return error(400, "bad_request", "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return error(400, "bad_request", "the body must be a JSON object {\"key\": ..., \"value\": ...}");
    }
    JsonNode keyNode = node.get("key");
    if (keyNode == null || !keyNode.isTextual()) {
      return error(400, "bad_request", "\"key\" is required and must be a string");
    }
    JsonNode valueNode = node.get("value");
    if (valueNode == null || valueNode.isNull()) {
      return error(400, "bad_request", "\"value\" is required and must not be null");
    }
    String key = keyNode.asText();
    Object value = json.convertValue(valueNode, Object.class);
    return run(cacheName, key, cache -> {
      Class<?> valueType = configuration(cache).getValueType();
      if (!valueType.isInstance(value)) {
        return error(400, "bad_request",
            "cache '" + cacheName + "' holds values of type " + valueType.getName()
                + ", the JSON value maps to " + value.getClass().getName());
      }
      cache.put(key, value);
      Map<String, Object> out = keyed(cacheName, key);
      out.put("stored", true);
      out.put("state", state(cache, key));
      return json(200, out);
    });
  }

  /**
   * {@code DELETE .../{key}}: 200 {@code {key, removed: true}} or 404 when there was no entry.
   *
   * @param cacheName the cache
   * @param key the key
   * @return the response
   */
  public Response delete(String cacheName, String key) {
    return run(cacheName, key, cache -> {
      boolean removed = cache.remove(key);
      Map<String, Object> out = keyed(cacheName, key);
      out.put("removed", removed);
      if (!removed) {
        return noEntry(out, cacheName, key);
      }
      return json(200, out);
    });
  }

  /**
   * {@code GET .../all}: up to {@code limit} entries.
   *
   * @param cacheName the cache
   * @param limit most entries to return (1..100000), null for {@value #DEFAULT_LIST_LIMIT}
   * @return 200 {@code {cache, count, truncated, entries: {key: value}}}
   */
  public Response all(String cacheName, Integer limit) {
    int max = limit == null ? DEFAULT_LIST_LIMIT : limit;
    if (max < 1 || max > 100_000) {
      return error(400, "bad_request", "limit must be between 1 and 100000, was " + max);
    }
    Cache<Object, Object> cache = cache(cacheName);
    if (cache == null) {
      return unknownCache(cacheName);
    }
    Map<Object, Object> found = cache instanceof DsyncCache
        // a listing is not an application read: no hit counted, no access expiry
        ? ((DsyncCache<Object, Object>) cache).peekAll(max + 1)
        : firstEntries(cache, max + 1);
    Map<String, Object> entries = new LinkedHashMap<>();
    boolean truncated = false;
    for (Map.Entry<Object, Object> e : found.entrySet()) {
      if (entries.size() == max) {
        truncated = true;
        break;
      }
      entries.put(String.valueOf(e.getKey()), e.getValue());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cache", cacheName);
    out.put("count", entries.size());
    out.put("truncated", truncated);
    out.put("entries", entries);
    return json(200, out);
  }

  /**
   * {@code GET .../metrics}: hits, misses, hit_rate, evictions, size, puts, removals.
   *
   * @param cacheName the cache
   * @return 200 with the metrics, or 404 for an unknown cache
   */
  public Response metrics(String cacheName) {
    Cache<Object, Object> cache = cache(cacheName);
    if (cache == null) {
      return unknownCache(cacheName);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cache", cacheName);
    out.put("statistics_enabled", configuration(cache).isStatisticsEnabled());
    if (cache instanceof DsyncCache) {
      DsyncCache<?, ?> d = (DsyncCache<?, ?>) cache;
      CacheStatistics s = d.statistics();
      long hits = s.getCacheHits();
      long misses = s.getCacheMisses();
      out.put("hits", hits);
      out.put("misses", misses);
      out.put("hit_rate", hits + misses == 0 ? 0.0 : (double) hits / (hits + misses));
      out.put("evictions", s.getCacheEvictions());
      out.put("size", d.size());
      out.put("puts", s.getCachePuts());
      out.put("removals", s.getCacheRemovals());
    }
    return json(200, out);
  }

  /**
   * {@code GET .../status/{key}}: the line state of the key on this node. On a single node:
   * {@code "E"} (present and the backing store agrees: write-through), {@code "M"} (present and
   * held only here), {@code "I"} (absent). Reading the state is not a cache read: it counts no
   * hit or miss and does not touch expiry.
   *
   * @param cacheName the cache
   * @param key the key
   * @return 200 {@code {key, state, present}}
   */
  public Response status(String cacheName, String key) {
    return run(cacheName, key, cache -> {
      Map<String, Object> out = keyed(cacheName, key);
      String state = state(cache, key);
      out.put("state", state);
      out.put("present", !"I".equals(state));
      out.put("coherence", "local");
      return json(200, out);
    });
  }

  /**
   * {@code GET /caches}: the names of the manager's caches.
   *
   * @return 200 {@code {default, caches: [...]}}
   */
  public Response names() {
    List<String> names = new ArrayList<>();
    manager.getCacheNames().forEach(names::add);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("default", defaultCacheName);
    out.put("caches", names);
    return json(200, out);
  }

  // ---------------------------------------------------------------- helpers

  private interface CacheCall {
    Response apply(Cache<Object, Object> cache);
  }

  private Response run(String cacheName, String key, CacheCall call) {
    String bad = badKey(key);
    if (bad != null) {
      return error(400, "bad_request", bad);
    }
    Cache<Object, Object> cache = cache(cacheName);
    if (cache == null) {
      return unknownCache(cacheName);
    }
    Class<?> keyType = configuration(cache).getKeyType();
    if (!keyType.isAssignableFrom(String.class)) {
      return error(400, "bad_request",
          "cache '" + cacheName + "' has keys of type " + keyType.getName()
              + "; the admin API handles caches with String keys");
    }
    try {
      return call.apply(cache);
    } catch (IllegalArgumentException | ClassCastException e) {
      return error(400, "bad_request", e.getMessage());
    }
  }

  static String badKey(String key) {
    if (key == null || key.isEmpty()) {
      return "the key must not be empty";
    }
    if (key.length() > MAX_KEY_CHARS) {
      return "the key is longer than " + MAX_KEY_CHARS + " characters";
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return "the key must not contain control characters";
      }
    }
    return null;
  }

  private Cache<Object, Object> cache(String name) {
    if (name == null || name.isEmpty() || manager.isClosed()) {
      return null;
    }
    Cache<Object, Object> cache = manager.getCache(name);
    return cache == null || cache.isClosed() ? null : cache;
  }

  @SuppressWarnings("unchecked")
  private static CompleteConfiguration<Object, Object> configuration(Cache<Object, Object> cache) {
    Configuration<Object, Object> c = cache.getConfiguration(CompleteConfiguration.class);
    return (CompleteConfiguration<Object, Object>) c;
  }

  private static String state(Cache<Object, Object> cache, String key) {
    boolean present;
    if (cache instanceof DsyncCache) {
      present = ((DsyncCache<Object, Object>) cache).isPresent(key);
    } else {
      present = cache.containsKey(key);
    }
    if (!present) {
      return "I";
    }
    return configuration(cache).isWriteThrough() ? "E" : "M";
  }

  /** Up to {@code limit} entries of a cache that cannot be peeked, read through its iterator. */
  private static Map<Object, Object> firstEntries(Cache<Object, Object> cache, int limit) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Iterator<Cache.Entry<Object, Object>> it = cache.iterator(); it.hasNext() && out.size() < limit; ) {
      Cache.Entry<Object, Object> e = it.next();
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** A response body that starts with the cache and the key. */
  private static Map<String, Object> keyed(String cacheName, String key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cache", cacheName);
    body.put("key", key);
    return body;
  }

  /** Completes {@code body} as the 404 for a key without an entry. */
  private static Response noEntry(Map<String, Object> body, String cacheName, String key) {
    body.put("status", 404);
    body.put("error", "not_found");
    body.put("message", "no entry for key '" + key + "' in cache '" + cacheName + "'");
    return json(404, body);
  }

  private static Response unknownCache(String name) {
    return error(404, "not_found", "no cache named '" + name + "'");
  }

  static Response error(int status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", error);
    body.put("message", message);
    return json(status, body);
  }

  private static Response json(int status, Object body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
