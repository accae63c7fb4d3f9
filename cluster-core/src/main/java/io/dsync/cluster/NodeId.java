package io.dsync.cluster;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a cluster member or of a connected client: a short printable name such as
 * {@code node-1}. Ids are compared by value and are stable across restarts.
 */
public record NodeId(String value) implements Comparable<NodeId> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  public NodeId {
    Objects.requireNonNull(value, "node id");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid node id '" + value + "': use 1-64 letters, digits, '.', '_', ':' or '-',"
              + " starting with a letter or digit");
    }
  }

  /** Parses an id, failing with a message that names the bad input. */
  public static NodeId of(String value) {
    return new NodeId(value);
  }

  @Override
  public int compareTo(NodeId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
