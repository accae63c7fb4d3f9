package io.dsync.jms.broker;

/** Tags for the body kinds of the five JMS message types and plain Message. */
public final class BodyType {
  /** Plain {@code Message}, no body. */
  public static final byte NONE = 0;
  /** {@code TextMessage}. */
  public static final byte TEXT = 1;
  /** {@code BytesMessage}. */
  public static final byte BYTES = 2;
  /** {@code MapMessage}. */
  public static final byte MAP = 3;
  /** {@code ObjectMessage}. */
  public static final byte OBJECT = 4;
  /** {@code StreamMessage}. */
  public static final byte STREAM = 5;

  private BodyType() {}
}
