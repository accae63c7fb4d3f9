package io.dsync.admin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** Builds JSON error responses. */
final class AdminErrors {
  private AdminErrors() {}

  static Response response(ErrorBody body) {
    return Response.status(body.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  /** {@code Not Found} → {@code not_found}. */
  static String word(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    String phrase = known != null ? known.getReasonPhrase() : "http " + status;
    return phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }
}
