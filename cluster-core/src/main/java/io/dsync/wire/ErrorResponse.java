package io.dsync.wire;

import java.util.Objects;

/**
 * The body of an error response (type id {@value #TYPE_ID}, flags response|error), written by
 * {@link io.dsync.net.Reply#fail}; the requester's future fails with a {@link
 * io.dsync.net.RemoteException} carrying the same code and message.
 *
 * @param errorCode a short stable word such as {@code not_leader}
 * @param message a human-readable explanation
 */
public record ErrorResponse(String errorCode, String message) implements Message {
  /** The type id of an error response. */
  public static final int TYPE_ID = 2;

  /** Its codec. */
  public static final MessageCodec<ErrorResponse> CODEC =
      new MessageCodec<>() {
        @Override
        public void encode(ErrorResponse response, WireOutput out) {
          out.writeString(response.errorCode());
          out.writeString(response.message());
        }

        @Override
        public ErrorResponse decode(WireInput in) {
          String code = in.readString();
          String text = in.readString();
          if (code == null || text == null) {
            throw new WireFormatException("error response with a missing field");
          }
          return new ErrorResponse(code, text);
        }
      };

  public ErrorResponse {
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(message, "message");
  }
}
