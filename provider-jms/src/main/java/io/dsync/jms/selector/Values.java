package io.dsync.jms.selector;

/** Helpers for the selector's value semantics (§3.8.1.2: numeric promotion, like-type comparison). */
final class Values {
  private Values() {}

  /** Normalises a looked-up value: integral numbers to Long, float/double to Double. */
  static Object normalise(Object v) {
    if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean || v == null) {
      return v;
    }
    return null; // byte[], Character and others never match anything
  }

  static boolean isNumber(Object v) {
    return v instanceof Long || v instanceof Double;
  }

  /** Compares two like-typed numbers; caller checks that both are numbers. */
  static int compareNumbers(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
  }

  /** SQL equality: null when either is null, false for unlike types. */
  static Boolean equal(Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Long x && b instanceof Long y) {
        return x.longValue() == y.longValue();
      }
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    if (a.getClass() != b.getClass()) {
      return false;
    }
    return a.equals(b);
  }

  static Boolean not(Boolean b) {
    return b == null ? null : !b;
  }

  static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    if (a == null || b == null) {
      return null;
    }
    return true;
  }

  static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    if (a == null || b == null) {
      return null;
    }
    return false;
  }

  /** A value used where a boolean is expected: non-booleans are UNKNOWN. */
  static Boolean asBoolean(Object v) {
    return v instanceof Boolean b ? b : null;
  }
}
