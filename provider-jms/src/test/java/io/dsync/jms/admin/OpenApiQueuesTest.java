package io.dsync.jms.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.admin.JaxRsOperations;
import io.dsync.admin.OpenApiDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every operation this module's JAX-RS resources serve ({@code /queue}) is in the node's OpenAPI
 * document as served ({@code GET /openapi.yaml}, from cluster-core's class path), and the document
 * lists nothing under those paths that they do not serve. The resources are found by scanning
 * the module's classes, so a new one is covered without touching this test.
 */
class OpenApiQueuesTest {
  private static final List<Class<?>> RESOURCES = JaxRsOperations.resourceClasses(QueueResource.class, "io.dsync.jms");

  @Test
  void everyQueueOperation_isInTheOpenApiDocument() {
    assertThat(RESOURCES).containsExactly(QueueResource.class);
    List<String> served = JaxRsOperations.of(RESOURCES);
    assertThat(served).containsExactlyInAnyOrder("POST /queue/enqueue", "POST /queue/dequeue", "POST /queue/ack",
        "GET /queue/status/{queue}", "GET /queue/all");
    assertThat(OpenApiDocument.load().missing(served)).as("operations missing from docs/openapi.yaml").isEmpty();
  }

  @Test
  void documentedQueueOperations_areServed() {
    assertThat(OpenApiDocument.load().unserved(JaxRsOperations.of(RESOURCES)))
        .as("operations in docs/openapi.yaml that no provider-jms resource serves").isEmpty();
  }
}
