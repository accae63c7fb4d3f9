package io.dsync.bench.jcache;

import java.io.Serializable;

/**
 * A small mutable value, so that store-by-value really copies (immutable values such as
 * {@code String} may legitimately be shared by every provider).
 */
public final class Payload implements Serializable {

  private static final long serialVersionUID = 1L;

  /** An identifier. */
  public long id;

  /** A short text. */
  public String name;

  /** Some counters. */
  public int[] counters;

  /**
   * Creates a payload.
   *
   * @param id the identifier
   */
  public Payload(long id) {
    this.id = id;
    this.name = "payload-" + id;
    this.counters = new int[] {(int) id, 1, 2, 3};
  }
}
