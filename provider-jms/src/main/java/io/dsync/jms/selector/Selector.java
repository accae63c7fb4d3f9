package io.dsync.jms.selector;

import jakarta.jms.InvalidSelectorException;

/**
 * A compiled JMS message selector. Immutable and thread-safe once built; {@link #matches} does
 * not block.
 */
public final class Selector {
  private static final Selector ALL = new Selector("", null);

  private final String text;
  private final Expr expr;

  private Selector(String text, Expr expr) {
    this.text = text;
    this.expr = expr;
  }

  /**
   * Compiles a selector; null or blank means "every message".
   *
   * @throws InvalidSelectorException when the text is not a valid selector, with the position
   */
  public static Selector parse(String text) throws InvalidSelectorException {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    return new Selector(text, Parser.parse(text));
  }

  /** True when the selector is empty and selects everything. */
  public boolean selectsAll() {
    return expr == null;
  }

  /** The selector text ("" for the empty selector). */
  public String text() {
    return text;
  }

  /** True when the expression evaluates to TRUE (UNKNOWN and FALSE do not select). */
  public boolean matches(SelectorContext ctx) {
    return expr == null || Boolean.TRUE.equals(expr.eval(ctx));
  }

  @Override
  public String toString() {
    return text;
  }
}
