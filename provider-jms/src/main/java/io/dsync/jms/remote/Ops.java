package io.dsync.jms.remote;

/** Operation codes of {@link JmsWire.Request}; one per {@link io.dsync.jms.link.BrokerLink} method. */
final class Ops {
  static final int CONNECT = 1;
  static final int CLAIM_CLIENT_ID = 2;
  static final int COMMIT = 3;
  static final int CREATE_CONSUMER = 4;
  static final int CLOSE_CONSUMER = 5;
  static final int CONSUMED = 6;
  static final int ACKNOWLEDGE = 7;
  static final int RELEASE = 8;
  static final int BROWSE = 9;
  static final int CREATE_TEMPORARY = 10;
  static final int DELETE_TEMPORARY = 11;
  static final int UNSUBSCRIBE = 12;
  static final int NEW_CONSUMER_ID = 13;
  static final int CLOSE = 14;
  /** A one-way consumed notice (AUTO/DUPS_OK); {@link #CONSUMED} is answered after the log. */
  static final int CONSUMED_NO_WAIT = 15;
  /** A non-persistent send the client does not wait for; answered, in order per connection. */
  static final int SEND_NO_WAIT = 16;
  /** One way: consumed and acknowledged at once (AUTO_ACKNOWLEDGE receive). */
  static final int CONSUMED_ACKNOWLEDGED = 17;

  private Ops() {}
}
