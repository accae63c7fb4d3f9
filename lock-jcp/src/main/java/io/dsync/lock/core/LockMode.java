package io.dsync.lock.core;

/** How a resource is held: by many readers ({@link #SHARED}) or one writer ({@link #EXCLUSIVE}). */
public enum LockMode {
  /** Compatible with other shared holds; excludes exclusive holds of other owners. */
  SHARED((byte) 1),
  /** Excludes every hold of other owners. */
  EXCLUSIVE((byte) 2);

  private final byte code;

  LockMode(byte code) {
    this.code = code;
  }

  /** The stable wire code of this mode. */
  public byte code() {
    return code;
  }

  /**
   * The mode with the given wire code.
   *
   * @throws IllegalArgumentException for an unknown code
   */
  public static LockMode fromCode(int code) {
    for (LockMode m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown lock mode code " + code + " (expected 1=shared or 2=exclusive)");
  }

  /**
   * Parses {@code shared} or {@code exclusive} (any case; {@code read}/{@code write} accepted too).
   *
   * @throws IllegalArgumentException for anything else, naming the accepted values
   */
  public static LockMode parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "shared":
        case "read":
          return SHARED;
        case "exclusive":
        case "write":
          return EXCLUSIVE;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("unknown lock mode '" + text + "' (expected shared or exclusive)");
  }

  /** True if a hold in this mode by one owner allows a hold in {@code other} by another owner. */
  public boolean compatibleWith(LockMode other) {
    return this == SHARED && other == SHARED;
  }
}
