package io.dsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.raft.RaftResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every operation cluster-core's JAX-RS resources serve (the core admin resources and {@code
 * /raft}) is in the node's OpenAPI document as served ({@code GET /openapi.yaml}), and the
 * document lists nothing under those paths that the code does not serve. The resources are found
 * by scanning the module's classes, so a new one is covered without touching this test.
 */
class OpenApiCoreTest {
  private static final List<Class<?>> RESOURCES = JaxRsOperations.resourceClasses(CoreResource.class, "io.dsync");

  @Test
  void everyCoreAndRaftOperation_isInTheOpenApiDocument() {
    assertThat(RESOURCES).contains(CoreResource.class, MetricsResource.class, OpenApiResource.class,
        RaftResource.class);
    List<String> served = JaxRsOperations.of(RESOURCES);
    assertThat(served).contains("GET /", "GET /status", "GET /health", "GET /cluster", "GET /cluster/owners/{key}",
        "GET /metrics", "GET /metrics/prometheus", "GET /openapi.yaml", "GET /raft", "GET /raft/{group}",
        "POST /raft/{group}/transfer/{node}", "POST /raft/{group}/members/{node}",
        "DELETE /raft/{group}/members/{node}");
    assertThat(OpenApiDocument.load().missing(served)).as("operations missing from docs/openapi.yaml").isEmpty();
  }

  @Test
  void documentedCoreAndRaftOperations_areServed() {
    List<String> served = JaxRsOperations.of(RESOURCES);
    assertThat(OpenApiDocument.load().unserved(served))
        .as("operations in docs/openapi.yaml that no cluster-core resource serves").isEmpty();
  }

  /** The checker itself: it sees a missing operation, and an extra documented one. */
  @jakarta.ws.rs.Path("/raft/")
  public static final class Extra {
    /** Served, not documented. */
    @POST
    @jakarta.ws.rs.Path("/{group: [a-z]+}/snapshot/")
    public String snapshot() {
      return "";
    }

    /** Served and documented. */
    @GET
    public String all() {
      return "";
    }
  }

  @Test
  void checker_reportsMissingAndUnservedOperations() {
    List<String> served = JaxRsOperations.of(List.of(Extra.class));
    assertThat(served).containsExactlyInAnyOrder("POST /raft/{group}/snapshot", "GET /raft");
    OpenApiDocument doc = OpenApiDocument.parse("""
        openapi: 3.0.3
        paths:
          # a comment
          '/raft':
            get: {summary: x}
            parameters: []
          /raft/{group}:   # trailing comment
            get:
              summary: "one: group"
              description: |
                post: not an operation
          /status:
            get: {}
        components: {}
        """);
    assertThat(doc.operations()).containsExactlyInAnyOrder("GET /raft", "GET /raft/{group}", "GET /status");
    assertThat(doc.missing(served)).containsExactly("POST /raft/{group}/snapshot");
    assertThat(doc.unserved(served)).containsExactly("GET /raft/{group}");
    assertThatThrownBy(() -> OpenApiDocument.parse("paths:\n  /a: {get: {}}\n")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("block mapping");
    assertThatThrownBy(() -> OpenApiDocument.parse("openapi: 3.0.3\n")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("no operations");
  }
}
