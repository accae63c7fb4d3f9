package io.dsync.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A key-value store as a model: {@code put} answers the previous value, {@code get} the
 * current one, {@code cas} whether it swapped. Partitioned by key.
 */
public final class KvModel implements Model<KvModel.Value, KvModel.Input, KvModel.Output> {

  /** Operation kinds. */
  public enum Kind {
    /** Set a value; output: the previous value. */
    PUT,
    /** Read; output: the value. */
    GET,
    /** Compare-and-set; output: swapped or not. */
    CAS
  }

  /**
   * An input.
   *
   * @param kind the operation
   * @param key the key
   * @param value the value to write (PUT, CAS), else null
   * @param expected for CAS: the expected value (null: absent)
   */
  public record Input(Kind kind, String key, String value, String expected) {
    /** A put. */
    public static Input put(String key, String value) {
      return new Input(Kind.PUT, key, value, null);
    }

    /** A get. */
    public static Input get(String key) {
      return new Input(Kind.GET, key, null, null);
    }

    /** A compare-and-set. */
    public static Input cas(String key, String expected, String value) {
      return new Input(Kind.CAS, key, value, expected);
    }

    @Override
    public String toString() {
      return kind + "(" + key + (kind == Kind.CAS ? ", " + expected : "") + (value != null ? ", " + value : "") + ")";
    }
  }

  /**
   * An output: a value (null: absent) or, for CAS, the swapped flag.
   *
   * @param value the value observed
   * @param swapped for CAS
   */
  public record Output(String value, boolean swapped) {
    /** A value output. */
    public static Output of(String value) {
      return new Output(value, false);
    }

    /** A CAS output. */
    public static Output swapped(boolean swapped) {
      return new Output(null, swapped);
    }

    @Override
    public String toString() {
      return value != null ? value : swapped ? "swapped" : "absent/false";
    }
  }

  /**
   * The state of one key.
   *
   * @param value current value, or null when absent
   */
  public record Value(String value) {}

  @Override
  public Value init() {
    return new Value(null);
  }

  @Override
  public Optional<Value> step(Value state, Input in, Output out) {
    switch (in.kind()) {
      case PUT -> {
        if (out != null && !Objects.equals(out.value(), state.value())) {
          return Optional.empty();
        }
        return Optional.of(new Value(in.value()));
      }
      case GET -> {
        if (out != null && !Objects.equals(out.value(), state.value())) {
          return Optional.empty();
        }
        return Optional.of(state);
      }
      case CAS -> {
        boolean swap = Objects.equals(in.expected(), state.value());
        if (out != null && out.swapped() != swap) {
          return Optional.empty();
        }
        return Optional.of(swap ? new Value(in.value()) : state);
      }
      default -> throw new IllegalStateException();
    }
  }

  @Override
  public List<List<Operation<Input, Output>>> partition(List<Operation<Input, Output>> history) {
    Map<String, List<Operation<Input, Output>>> byKey = new TreeMap<>();
    for (Operation<Input, Output> op : history) {
      byKey.computeIfAbsent(op.input().key(), k -> new ArrayList<>()).add(op);
    }
    return new ArrayList<>(byKey.values());
  }
}
