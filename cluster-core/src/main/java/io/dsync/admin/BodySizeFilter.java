package io.dsync.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Refuses a request whose declared body is larger than the admin API ever needs (413 JSON),
 * before anything reads it, so one request cannot fill the node's memory.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class BodySizeFilter implements ContainerRequestFilter {
  /** Largest accepted request body: 16 MiB. */
  static final long MAX_BODY_BYTES = 16L << 20;

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > MAX_BODY_BYTES) {
      request.abortWith(AdminErrors.response(ErrorBody.of(413, "payload_too_large",
          "request body of " + request.getLength() + " bytes exceeds the limit of " + MAX_BODY_BYTES)));
    }
  }
}
