package io.dsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/** A request body that is not valid JSON, or not the expected shape: 400 naming the problem. */
final class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {
  @Override
  public Response toResponse(JsonProcessingException exception) {
    StringBuilder message = new StringBuilder("malformed JSON body: ");
    message.append(exception.getOriginalMessage());
    if (exception instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      message.append(" (at ").append(mismatch.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."))).append(')');
    }
    if (exception.getLocation() != null) {
      message.append(" at line ").append(exception.getLocation().getLineNr())
          .append(", column ").append(exception.getLocation().getColumnNr());
    }
    return AdminErrors.response(ErrorBody.of(400, "bad_request", message.toString()));
  }
}
