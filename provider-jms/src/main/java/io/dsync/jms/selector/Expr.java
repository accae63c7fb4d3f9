package io.dsync.jms.selector;

/**
 * A node of a parsed selector. {@link #eval} returns Boolean, Long, Double, String or null
 * (UNKNOWN in SQL's three-valued logic).
 */
interface Expr {
  /** The static type of a node, known at parse time for literals and operators. */
  enum Type { BOOLEAN, NUMERIC, STRING, ANY }

  Object eval(SelectorContext ctx);

  Type type();
}
