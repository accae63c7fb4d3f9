package io.dsync.jms.broker;

import java.util.Objects;

/**
 * A destination as the broker names it: a kind and a name, written as {@code queue://name},
 * {@code topic://name}, {@code temp-queue://name} or {@code temp-topic://name}.
 *
 * @param kind queue or topic, temporary or not
 * @param name the destination name (non-empty)
 */
public record DestinationKey(Kind kind, String name) {

  /** The four kinds of JMS destination. */
  public enum Kind {
    /** A queue. */
    QUEUE("queue://"),
    /** A topic. */
    TOPIC("topic://"),
    /** A temporary queue, owned by one connection. */
    TEMP_QUEUE("temp-queue://"),
    /** A temporary topic, owned by one connection. */
    TEMP_TOPIC("temp-topic://");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    /** True for the topic kinds. */
    public boolean isTopic() {
      return this == TOPIC || this == TEMP_TOPIC;
    }

    /** True for the temporary kinds. */
    public boolean isTemporary() {
      return this == TEMP_QUEUE || this == TEMP_TOPIC;
    }
  }

  /** Checks the fields. */
  public DestinationKey {
    Objects.requireNonNull(kind, "kind");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("destination name must not be empty");
    }
  }

  /** Parses the text form; throws IllegalArgumentException for anything else. */
  public static DestinationKey parse(String text) {
    for (Kind k : Kind.values()) {
      if (text.startsWith(k.prefix)) {
        return new DestinationKey(k, text.substring(k.prefix.length()));
      }
    }
    throw new IllegalArgumentException("not a destination: " + text);
  }

  /** A queue key. */
  public static DestinationKey queue(String name) {
    return new DestinationKey(Kind.QUEUE, name);
  }

  /** A topic key. */
  public static DestinationKey topic(String name) {
    return new DestinationKey(Kind.TOPIC, name);
  }

  @Override
  public String toString() {
    return kind.prefix + name;
  }
}
