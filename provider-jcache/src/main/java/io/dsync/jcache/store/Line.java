package io.dsync.jcache.store;

/**
 * One cached entry as the store holds it: the key, the stored form of the value and its expiry
 * time, plus the links the eviction policy needs.
 *
 * <p>{@link #value} and {@link #expireAtMillis} are changed only inside a {@link Store#compute}
 * remapping function (which holds the key's lock), except that a read hit may move the expiry
 * time forward (access expiry). Readers see them through volatile reads. A later coherence layer
 * adds its line state beside these fields; the name is chosen for that.
 */
public final class Line {

  /** Expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  private final Object key;
  private volatile Object value;
  private volatile long expireAtMillis;

  // LRU links, guarded by the store's eviction lock
  Line prev;
  Line next;
  boolean linked;
  volatile boolean retired;

  /**
   * Creates a line.
   *
   * @param key the stored key (already copied if the cache stores by value)
   * @param value the stored form of the value
   * @param expireAtMillis when the entry expires, or {@link #ETERNAL}
   */
  public Line(Object key, Object value, long expireAtMillis) {
    this.key = key;
    this.value = value;
    this.expireAtMillis = expireAtMillis;
  }

  /**
   * Returns the key.
   *
   * @return the stored key
   */
  public Object key() {
    return key;
  }

  /**
   * Returns the stored form of the value.
   *
   * @return the value as stored (a copy or serialized form when storing by value)
   */
  public Object value() {
    return value;
  }

  /**
   * Replaces the stored value; call only inside a compute of this key.
   *
   * @param value the new stored form
   */
  public void setValue(Object value) {
    this.value = value;
  }

  /**
   * Returns when the entry expires.
   *
   * @return epoch millis, or {@link #ETERNAL}
   */
  public long expireAtMillis() {
    return expireAtMillis;
  }

  /**
   * Sets when the entry expires.
   *
   * @param expireAtMillis epoch millis, or {@link #ETERNAL}
   */
  public void setExpireAtMillis(long expireAtMillis) {
    this.expireAtMillis = expireAtMillis;
  }

  /**
   * Whether the entry has expired at {@code nowMillis}.
   *
   * @param nowMillis the current time
   * @return true when expired
   */
  public boolean isExpired(long nowMillis) {
    return nowMillis >= expireAtMillis;
  }
}
