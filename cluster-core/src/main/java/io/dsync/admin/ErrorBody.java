package io.dsync.admin;

/**
 * The JSON body of every admin error.
 *
 * @param status the HTTP status code
 * @param error a short stable word such as {@code not_found}, {@code bad_request}, {@code
 *     unauthorized}, {@code internal}
 * @param message what went wrong, for a person
 * @param correlationId for a 500, the id also written to the node's log with the stack trace;
 *     {@code null} otherwise
 */
public record ErrorBody(int status, String error, String message, String correlationId) {

  /** An error without correlation id. */
  public static ErrorBody of(int status, String error, String message) {
    return new ErrorBody(status, error, message, null);
  }
}
