package io.dsync.jms.selector;

/** Selector arithmetic (§3.8.1.2): integral operands stay long, otherwise double; else UNKNOWN. */
final class Arithmetic {
  private Arithmetic() {}

  static Object apply(Token.Kind op, Object a, Object b) {
    if (!Values.isNumber(a) || !Values.isNumber(b)) {
      return null;
    }
    if (a instanceof Long x && b instanceof Long y) {
      return switch (op) {
        case PLUS -> x + y;
        case MINUS -> x - y;
        case STAR -> x * y;
        default -> y == 0 ? null : x / y;
      };
    }
    double x = ((Number) a).doubleValue();
    double y = ((Number) b).doubleValue();
    return switch (op) {
      case PLUS -> x + y;
      case MINUS -> x - y;
      case STAR -> x * y;
      default -> x / y;
    };
  }

  static Object negate(Object v) {
    if (v instanceof Long l) {
      return -l;
    }
    if (v instanceof Double d) {
      return -d;
    }
    return null;
  }
}
