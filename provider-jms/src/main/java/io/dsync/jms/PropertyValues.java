package io.dsync.jms;

import jakarta.jms.MessageFormatException;

/**
 * The conversion table of §3.5.4 (properties) and §3.11.3 (MapMessage and StreamMessage
 * values): a value written as the row type may be read as the column type; anything else is a
 * MessageFormatException; a String read as a number parses with {@code valueOf}, and a null
 * read as a primitive behaves as {@code valueOf(null)}.
 */
final class PropertyValues {
  private PropertyValues() {}

  static boolean toBoolean(Object v) throws MessageFormatException {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String || v == null) {
      return Boolean.valueOf((String) v);
    }
    throw mismatch(v, "boolean");
  }

  static byte toByte(Object v) throws MessageFormatException {
    if (v instanceof Byte b) {
      return b;
    }
    if (v instanceof String || v == null) {
      return Byte.valueOf((String) v);
    }
    throw mismatch(v, "byte");
  }

  static short toShort(Object v) throws MessageFormatException {
    if (v instanceof Short || v instanceof Byte) {
      return ((Number) v).shortValue();
    }
    if (v instanceof String || v == null) {
      return Short.valueOf((String) v);
    }
    throw mismatch(v, "short");
  }

  static int toInt(Object v) throws MessageFormatException {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).intValue();
    }
    if (v instanceof String || v == null) {
      return Integer.valueOf((String) v);
    }
    throw mismatch(v, "int");
  }

  static long toLong(Object v) throws MessageFormatException {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof String || v == null) {
      return Long.valueOf((String) v);
    }
    throw mismatch(v, "long");
  }

  static float toFloat(Object v) throws MessageFormatException {
    if (v instanceof Float f) {
      return f;
    }
    if (v instanceof String || v == null) {
      return Float.valueOf((String) v);
    }
    throw mismatch(v, "float");
  }

  static double toDouble(Object v) throws MessageFormatException {
    if (v instanceof Double || v instanceof Float) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String || v == null) {
      return Double.valueOf((String) v);
    }
    throw mismatch(v, "double");
  }

  static String toStringValue(Object v) throws MessageFormatException {
    if (v instanceof byte[]) {
      throw mismatch(v, "String");
    }
    return v == null ? null : v.toString();
  }

  /** char: only from Character (map and stream bodies); null is a NullPointerException. */
  static char toChar(Object v) throws MessageFormatException {
    if (v instanceof Character c) {
      return c;
    }
    if (v == null) {
      throw new NullPointerException("the value is null");
    }
    throw mismatch(v, "char");
  }

  static byte[] toBytes(Object v) throws MessageFormatException {
    if (v == null || v instanceof byte[]) {
      return (byte[]) v;
    }
    throw mismatch(v, "byte[]");
  }

  /** True for the object types a property may hold. */
  static boolean isPropertyType(Object v) {
    return v instanceof Boolean || v instanceof Byte || v instanceof Short || v instanceof Integer
        || v instanceof Long || v instanceof Float || v instanceof Double || v instanceof String;
  }

  /** True for the object types a map or stream body may hold. */
  static boolean isBodyValueType(Object v) {
    return v == null || isPropertyType(v) || v instanceof Character || v instanceof byte[];
  }

  private static MessageFormatException mismatch(Object v, String to) {
    return new MessageFormatException("cannot convert a " + v.getClass().getSimpleName() + " to " + to);
  }
}
