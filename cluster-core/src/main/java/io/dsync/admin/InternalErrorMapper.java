package io.dsync.admin;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any other failure: 500 with a fresh correlation id, logged with the stack trace under the same
 * id so an operator can find it. The client sees no internals beyond the exception's message.
 */
final class InternalErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger log = LoggerFactory.getLogger(InternalErrorMapper.class);

  @Override
  public Response toResponse(Throwable exception) {
    String correlationId = UUID.randomUUID().toString();
    log.error("admin request failed, correlation id {}", correlationId, exception);
    return AdminErrors.response(new ErrorBody(500, "internal",
        "internal error; the node's log has the details under correlation id " + correlationId,
        correlationId));
  }
}
