package io.dsync.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Guards mutating calls ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) with {@code
 * Authorization: Bearer <token>}; reads stay open. A missing or wrong token gets 401 JSON. The
 * comparison takes the same time whatever the token, so it leaks nothing by timing.
 */
@Priority(Priorities.AUTHENTICATION)
final class BearerTokenFilter implements ContainerRequestFilter {
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private final byte[] expected;

  BearerTokenFilter(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!MUTATING.contains(request.getMethod())) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      request.abortWith(unauthorized("this call changes state: send 'Authorization: Bearer <admin token>'"));
      return;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, expected)) {
      request.abortWith(unauthorized("wrong admin token"));
    }
  }

  private static jakarta.ws.rs.core.Response unauthorized(String message) {
    return jakarta.ws.rs.core.Response.fromResponse(
            AdminErrors.response(ErrorBody.of(401, "unauthorized", message)))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dsync\"")
        .build();
  }
}
