package io.dsync.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ParamException;
import org.jspecify.annotations.Nullable;

/**
 * Turns JAX-RS errors (unknown path 404, wrong method 405, unsupported media type 415, a
 * resource's own {@code BadRequestException} …) into {@link ErrorBody} JSON with the same status.
 * A response that already carries an entity is kept. Where JAX-RS gives only its generic text
 * ("HTTP 404 Not Found"), the message names the request instead: {@code no resource at GET
 * /nope}, or the parameter that could not be read ({@code query parameter 'limit' is not valid:
 * ...}).
 */
final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  // Proxies to the current request, injected by Jersey into this singleton.
  @Context private @Nullable UriInfo uriInfo;
  @Context private @Nullable Request request;

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    if (original.hasEntity()) {
      return original;
    }
    int status = original.getStatus();
    String message = message(exception, status, currentMethod(), currentPath());
    Response.ResponseBuilder builder = Response.fromResponse(original);
    Response json = AdminErrors.response(ErrorBody.of(status, AdminErrors.word(status), message));
    return builder.type(json.getMediaType()).entity(json.getEntity()).build();
  }

  /**
   * The message for a person: the exception's own, unless it is the generic text JAX-RS makes
   * from the status alone.
   *
   * @param method the request's HTTP method, or null when unknown
   * @param path the request's path below the application root, without query, or null
   */
  static String message(WebApplicationException exception, int status, @Nullable String method,
      @Nullable String path) {
    if (exception instanceof ParamException param) {
      return paramMessage(param);
    }
    String own = exception.getMessage();
    boolean generic = own == null || own.equals(genericMessage(status));
    if (!generic) {
      return own;
    }
    if (status == 404 && method != null && path != null) {
      return "no resource at " + method + " /" + stripLeadingSlashes(path);
    }
    return own != null ? own : AdminErrors.word(status);
  }

  /** What {@link WebApplicationException} says when given no message: {@code HTTP 404 Not Found}. */
  private static String genericMessage(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return "HTTP " + status + (known != null ? " " + known.getReasonPhrase() : "");
  }

  /** JAX-RS answers 404 (path, query) or 400 (header, form …) when it cannot convert a parameter. */
  private static String paramMessage(ParamException param) {
    String kind = switch (param.getParameterType().getSimpleName()) {
      case "QueryParam" -> "query parameter";
      case "PathParam" -> "path parameter";
      case "HeaderParam" -> "header";
      case "CookieParam" -> "cookie";
      case "FormParam" -> "form field";
      case "MatrixParam" -> "matrix parameter";
      default -> "parameter";
    };
    StringBuilder out = new StringBuilder(kind).append(" '").append(param.getParameterName())
        .append("' is not valid");
    Throwable cause = param.getCause();
    while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null) {
      out.append(": ").append(cause.getMessage());
    }
    return out.toString();
  }

  private @Nullable String currentMethod() {
    try {
      return request == null ? null : request.getMethod();
    } catch (IllegalStateException outsideARequest) {
      return null;
    }
  }

  private @Nullable String currentPath() {
    try {
      return uriInfo == null ? null : uriInfo.getPath();
    } catch (IllegalStateException outsideARequest) {
      return null;
    }
  }

  private static String stripLeadingSlashes(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }
}
