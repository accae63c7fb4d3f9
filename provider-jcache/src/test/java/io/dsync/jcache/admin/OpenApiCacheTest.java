package io.dsync.jcache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.admin.JaxRsOperations;
import io.dsync.admin.OpenApiDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every operation this module's JAX-RS resources serve ({@code /cache}, {@code /caches}) is in
 * the node's OpenAPI document as served ({@code GET /openapi.yaml}, from cluster-core's class
 * path), and the document lists nothing under those paths that they do not serve. The resources
 * are found by scanning the module's classes, so a new one is covered without touching this test.
 */
class OpenApiCacheTest {
  private static final List<Class<?>> RESOURCES =
      JaxRsOperations.resourceClasses(DefaultCacheResource.class, "io.dsync.jcache");

  @Test
  void everyCacheOperation_isInTheOpenApiDocument() {
    assertThat(RESOURCES).containsExactlyInAnyOrder(DefaultCacheResource.class, NamedCachesResource.class);
    List<String> served = JaxRsOperations.of(RESOURCES);
    assertThat(served).contains("GET /cache/{key}", "POST /cache", "DELETE /cache/{key}", "GET /cache/all",
        "GET /cache/metrics", "GET /cache/status/{key}", "GET /caches", "POST /caches/{name}",
        "GET /caches/{name}/{key}", "DELETE /caches/{name}/{key}", "GET /caches/{name}/entries/{key}",
        "DELETE /caches/{name}/entries/{key}", "GET /caches/{name}/all", "GET /caches/{name}/metrics",
        "GET /caches/{name}/status/{key}");
    assertThat(OpenApiDocument.load().missing(served)).as("operations missing from docs/openapi.yaml").isEmpty();
  }

  @Test
  void documentedCacheOperations_areServed() {
    assertThat(OpenApiDocument.load().unserved(JaxRsOperations.of(RESOURCES)))
        .as("operations in docs/openapi.yaml that no provider-jcache resource serves").isEmpty();
  }
}
