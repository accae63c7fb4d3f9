package io.dsync.jms.selector;

/** One lexical token of a selector. */
record Token(Kind kind, String text, Object value, int position) {
  enum Kind {
    IDENT, STRING, EXACT, APPROX, TRUE, FALSE, NULL, AND, OR, NOT, BETWEEN, LIKE, IN, IS, ESCAPE,
    EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH, LPAREN, RPAREN, COMMA, END
  }
}
