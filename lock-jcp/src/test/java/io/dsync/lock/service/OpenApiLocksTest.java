package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.admin.JaxRsOperations;
import io.dsync.admin.OpenApiDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every operation this module's JAX-RS resources serve ({@code /locks}) is in the node's OpenAPI
 * document as served ({@code GET /openapi.yaml}, from cluster-core's class path), and the document
 * lists nothing under those paths that they do not serve.
 */
class OpenApiLocksTest {
  private static final List<Class<?>> RESOURCES = JaxRsOperations.resourceClasses(LockResource.class, "io.dsync.lock");

  @Test
  void everyLockOperation_isInTheOpenApiDocument() {
    assertThat(RESOURCES).containsExactly(LockResource.class);
    List<String> served = JaxRsOperations.of(RESOURCES);
    assertThat(served).containsExactlyInAnyOrder("POST /locks/acquire", "POST /locks/release", "GET /locks",
        "GET /locks/{resource}");
    assertThat(OpenApiDocument.load().missing(served)).as("operations missing from docs/openapi.yaml").isEmpty();
  }

  @Test
  void documentedLockOperations_areServed() {
    assertThat(OpenApiDocument.load().unserved(JaxRsOperations.of(RESOURCES)))
        .as("operations in docs/openapi.yaml that no lock-jcp resource serves").isEmpty();
  }
}
