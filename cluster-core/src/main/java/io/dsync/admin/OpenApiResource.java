package io.dsync.admin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /openapi.yaml}: the hand-written OpenAPI document (docs/openapi.yaml). */
@Path("/openapi.yaml")
public final class OpenApiResource {
  /** Where the build puts docs/openapi.yaml on the class path. */
  static final String RESOURCE = "/io/dsync/admin/openapi.yaml";

  /** The document. */
  @GET
  @Produces("application/yaml")
  public String document() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new NotFoundException("this build has no OpenAPI document");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
