package io.dsync.net;

import io.dsync.wire.Message;

/** The way back to the sender of a request. The first answer wins; later ones are ignored. */
public interface Reply {

  /** A reply for one-way messages: answers go nowhere. */
  Reply NONE =
      new Reply() {
        @Override
        public boolean expected() {
          return false;
        }

        @Override
        public void respond(Message response) {}

        @Override
        public void fail(String errorCode, String message) {}
      };

  /** Whether the sender waits for an answer. */
  boolean expected();

  /** Answers the request. */
  void respond(Message response);

  /**
   * Answers with an error: the requester's future fails with a {@link RemoteException} carrying
   * {@code errorCode} (a short stable word such as {@code not_leader}) and {@code message}.
   */
  void fail(String errorCode, String message);
}
