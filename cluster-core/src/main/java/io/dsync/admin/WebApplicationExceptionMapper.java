package io.dsync.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Turns JAX-RS errors (unknown path 404, wrong method 405, unsupported media type 415, a
 * resource's own {@code BadRequestException} …) into {@link ErrorBody} JSON with the same status.
 * A response that already carries an entity is kept.
 */
final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    if (original.hasEntity()) {
      return original;
    }
    int status = original.getStatus();
    String message = exception.getMessage() != null ? exception.getMessage() : AdminErrors.word(status);
    Response.ResponseBuilder builder = Response.fromResponse(original);
    Response json = AdminErrors.response(ErrorBody.of(status, AdminErrors.word(status), message));
    return builder.type(json.getMediaType()).entity(json.getEntity()).build();
  }
}
