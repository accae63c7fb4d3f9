package io.dsync.jcache.config;

/**
 * How a cache keeps its copies consistent across nodes.
 *
 * <p>Only {@link #LOCAL} is implemented today; {@link #MESI} is reserved for the clustered
 * coherence layer (a per-key home node keeping a directory of sharers) and is refused at cache
 * creation until that layer exists.
 */
public enum CoherenceMode {
  /** One JVM, no coherence traffic: the default of an embedded cache. */
  LOCAL,
  /** MESI coherence through a directory at each key's home node (not yet available). */
  MESI;

  /**
   * Parses a mode name, ignoring case and surrounding blanks.
   *
   * @param text the name, e.g. {@code "local"}
   * @return the mode
   * @throws IllegalArgumentException naming the accepted values when {@code text} is unknown
   */
  public static CoherenceMode parse(String text) {
    String t = text == null ? "" : text.trim();
    for (CoherenceMode mode : values()) {
      if (mode.name().equalsIgnoreCase(t)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown coherence mode '" + text + "', expected one of: local, mesi");
  }
}
