package io.dsync.ring;

import java.nio.charset.StandardCharsets;

/**
 * A fast, well-mixed 64-bit hash: the XXH64 algorithm (public domain design by Yann Collet),
 * written here from its description. Stateless and thread-safe; the result is the same on every
 * JVM and platform, so placements computed on different nodes agree.
 */
public final class Hash64 {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private Hash64() {}

  /** The hash of a string's UTF-8 bytes, seed 0. */
  public static long hash(String value) {
    return hash(value.getBytes(StandardCharsets.UTF_8), 0L);
  }

  /** The hash of {@code bytes}, seed 0. */
  public static long hash(byte[] bytes) {
    return hash(bytes, 0L);
  }

  /** The hash of {@code bytes} with a seed. */
  public static long hash(byte[] bytes, long seed) {
    int length = bytes.length;
    int p = 0;
    long h;
    if (length >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      int limit = length - 32;
      do {
        v1 = round(v1, readLong(bytes, p));
        v2 = round(v2, readLong(bytes, p + 8));
        v3 = round(v3, readLong(bytes, p + 16));
        v4 = round(v4, readLong(bytes, p + 24));
        p += 32;
      } while (p <= limit);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12)
          + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = seed + P5;
    }
    h += length;
    while (p + 8 <= length) {
      h ^= round(0, readLong(bytes, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p + 4 <= length) {
      h ^= (readInt(bytes, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < length) {
      h ^= (bytes[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    return avalanche(h);
  }

  /** Mixes a 64-bit value into a well-distributed one (a bijection); for integer keys. */
  public static long mix(long value) {
    return avalanche(value * P1 + P5);
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long mergeRound(long acc, long value) {
    acc ^= round(0, value);
    return acc * P1 + P4;
  }

  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long readLong(byte[] b, int i) {
    return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16
        | (b[i + 3] & 0xFFL) << 24 | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40
        | (b[i + 6] & 0xFFL) << 48 | (b[i + 7] & 0xFFL) << 56;
  }

  private static int readInt(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
  }
}
