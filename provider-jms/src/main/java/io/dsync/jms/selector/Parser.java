package io.dsync.jms.selector;

import io.dsync.jms.selector.Expr.Type;
import jakarta.jms.InvalidSelectorException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the selector grammar of §3.8.1.1, precedence from low to high:
 * OR, AND, NOT, comparison / BETWEEN / IN / LIKE / IS NULL, additive, multiplicative, unary sign.
 */
final class Parser {
  private final String src;
  private final List<Token> tokens;
  private int index;

  private Parser(String src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
  }

  static Expr parse(String src) throws InvalidSelectorException {
    Parser p = new Parser(src, Lexer.tokenize(src));
    Expr e = p.or();
    if (p.peek().kind() != Token.Kind.END) {
      throw p.error("unexpected '" + p.peek().text() + "'");
    }
    if (e.type() == Type.NUMERIC || e.type() == Type.STRING) {
      throw p.error("a selector must be a conditional expression, not " + e.type().name().toLowerCase(java.util.Locale.ROOT));
    }
    return e;
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token take() {
    return tokens.get(index++);
  }

  private boolean accept(Token.Kind kind) {
    if (peek().kind() == kind) {
      index++;
      return true;
    }
    return false;
  }

  private Token expect(Token.Kind kind, String what) throws InvalidSelectorException {
    if (peek().kind() != kind) {
      throw error("expected " + what + " but found '" + (peek().kind() == Token.Kind.END ? "end of selector" : peek().text()) + "'");
    }
    return take();
  }

  private InvalidSelectorException error(String message) {
    return new InvalidSelectorException(message + " at position " + peek().position() + " in selector: " + src);
  }

  private Expr requireBoolean(Expr e) throws InvalidSelectorException {
    if (e.type() == Type.NUMERIC || e.type() == Type.STRING) {
      throw error("a " + e.type().name().toLowerCase(java.util.Locale.ROOT) + " expression cannot be used as a condition");
    }
    return e;
  }

  private Expr requireNumeric(Expr e) throws InvalidSelectorException {
    if (e.type() == Type.BOOLEAN || e.type() == Type.STRING) {
      throw error("arithmetic needs numeric operands");
    }
    return e;
  }

  private Expr or() throws InvalidSelectorException {
    Expr left = and();
    while (accept(Token.Kind.OR)) {
      Expr a = requireBoolean(left);
      Expr b = requireBoolean(and());
      left = node(Type.BOOLEAN, ctx -> Values.or(Values.asBoolean(a.eval(ctx)), Values.asBoolean(b.eval(ctx))));
    }
    return left;
  }

  private Expr and() throws InvalidSelectorException {
    Expr left = not();
    while (accept(Token.Kind.AND)) {
      Expr a = requireBoolean(left);
      Expr b = requireBoolean(not());
      left = node(Type.BOOLEAN, ctx -> {
        Boolean x = Values.asBoolean(a.eval(ctx));
        if (Boolean.FALSE.equals(x)) {
          return false;
        }
        return Values.and(x, Values.asBoolean(b.eval(ctx)));
      });
    }
    return left;
  }

  private Expr not() throws InvalidSelectorException {
    if (accept(Token.Kind.NOT)) {
      Expr e = requireBoolean(not());
      return node(Type.BOOLEAN, ctx -> Values.not(Values.asBoolean(e.eval(ctx))));
    }
    return comparison();
  }

  private Expr comparison() throws InvalidSelectorException {
    Expr left = additive();
    Token t = peek();
    switch (t.kind()) {
      case EQ, NE, LT, LE, GT, GE -> {
        take();
        Expr right = additive();
        return compare(t.kind(), left, right);
      }
      case IS -> {
        take();
        boolean negate = accept(Token.Kind.NOT);
        expect(Token.Kind.NULL, "NULL");
        requireIdentifier(left, "IS NULL");
        return node(Type.BOOLEAN, ctx -> (left.eval(ctx) == null) != negate);
      }
      case NOT -> {
        take();
        Token op = peek();
        if (op.kind() == Token.Kind.BETWEEN || op.kind() == Token.Kind.IN || op.kind() == Token.Kind.LIKE) {
          Expr inner = postfix(left);
          return node(Type.BOOLEAN, ctx -> Values.not(Values.asBoolean(inner.eval(ctx))));
        }
        throw error("expected BETWEEN, IN or LIKE after NOT");
      }
      case BETWEEN, IN, LIKE -> {
        return postfix(left);
      }
      default -> {
        return left;
      }
    }
  }

  private Expr postfix(Expr left) throws InvalidSelectorException {
    Token op = take();
    switch (op.kind()) {
      case BETWEEN -> {
        requireNumeric(left);
        Expr lo = requireNumeric(additive());
        expect(Token.Kind.AND, "AND in BETWEEN");
        Expr hi = requireNumeric(additive());
        Expr ge = compare(Token.Kind.GE, left, lo);
        Expr le = compare(Token.Kind.LE, left, hi);
        return node(Type.BOOLEAN, ctx -> Values.and(Values.asBoolean(ge.eval(ctx)), Values.asBoolean(le.eval(ctx))));
      }
      case IN -> {
        requireIdentifier(left, "IN");
        expect(Token.Kind.LPAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        do {
          values.add((String) expect(Token.Kind.STRING, "a string literal in the IN list").value());
        } while (accept(Token.Kind.COMMA));
        expect(Token.Kind.RPAREN, "')' closing the IN list");
        return node(Type.BOOLEAN, ctx -> {
          Object v = left.eval(ctx);
          if (v == null) {
            return null;
          }
          return v instanceof String s ? values.contains(s) : Boolean.FALSE;
        });
      }
      default -> {
        requireIdentifier(left, "LIKE");
        String pattern = (String) expect(Token.Kind.STRING, "a string pattern after LIKE").value();
        Character escape = null;
        if (accept(Token.Kind.ESCAPE)) {
          String esc = (String) expect(Token.Kind.STRING, "a string after ESCAPE").value();
          if (esc.length() != 1) {
            throw error("ESCAPE must be a single character");
          }
          escape = esc.charAt(0);
        }
        Pattern regex = likeToRegex(pattern, escape);
        return node(Type.BOOLEAN, ctx -> {
          Object v = left.eval(ctx);
          if (v == null) {
            return null;
          }
          return v instanceof String s ? regex.matcher(s).matches() : Boolean.FALSE;
        });
      }
    }
  }

  private Pattern likeToRegex(String pattern, Character escape) throws InvalidSelectorException {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (escape != null && c == escape) {
        if (i + 1 >= pattern.length()) {
          throw error("LIKE pattern ends with the escape character");
        }
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private void requireIdentifier(Expr e, String op) throws InvalidSelectorException {
    if (!(e instanceof Identifier)) {
      throw error(op + " needs an identifier on its left");
    }
  }

  private Expr compare(Token.Kind op, Expr a, Expr b) throws InvalidSelectorException {
    if (op != Token.Kind.EQ && op != Token.Kind.NE) {
      if (a.type() == Type.BOOLEAN || a.type() == Type.STRING || b.type() == Type.BOOLEAN || b.type() == Type.STRING) {
        throw error("strings and booleans can only be compared with = and <>");
      }
    }
    return node(Type.BOOLEAN, ctx -> {
      Object x = a.eval(ctx);
      Object y = b.eval(ctx);
      if (x == null || y == null) {
        return null;
      }
      switch (op) {
        case EQ:
          return Values.equal(x, y);
        case NE:
          return Values.not(Values.equal(x, y));
        default:
          if (!Values.isNumber(x) || !Values.isNumber(y)) {
            return false;
          }
          int c = Values.compareNumbers(x, y);
          return switch (op) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
          };
      }
    });
  }

  private Expr additive() throws InvalidSelectorException {
    Expr left = multiplicative();
    while (peek().kind() == Token.Kind.PLUS || peek().kind() == Token.Kind.MINUS) {
      Token.Kind op = take().kind();
      Expr a = requireNumeric(left);
      Expr b = requireNumeric(multiplicative());
      left = node(Type.NUMERIC, ctx -> Arithmetic.apply(op, a.eval(ctx), b.eval(ctx)));
    }
    return left;
  }

  private Expr multiplicative() throws InvalidSelectorException {
    Expr left = unary();
    while (peek().kind() == Token.Kind.STAR || peek().kind() == Token.Kind.SLASH) {
      Token.Kind op = take().kind();
      Expr a = requireNumeric(left);
      Expr b = requireNumeric(unary());
      left = node(Type.NUMERIC, ctx -> Arithmetic.apply(op, a.eval(ctx), b.eval(ctx)));
    }
    return left;
  }

  private Expr unary() throws InvalidSelectorException {
    if (accept(Token.Kind.PLUS)) {
      return requireNumeric(unary());
    }
    if (accept(Token.Kind.MINUS)) {
      Expr e = requireNumeric(unary());
      return node(Type.NUMERIC, ctx -> Arithmetic.negate(e.eval(ctx)));
    }
    return primary();
  }

  private Expr primary() throws InvalidSelectorException {
    Token t = take();
    switch (t.kind()) {
      case STRING:
        return literal(Type.STRING, t.value());
      case EXACT:
      case APPROX:
        return literal(Type.NUMERIC, t.value());
      case TRUE:
        return literal(Type.BOOLEAN, Boolean.TRUE);
      case FALSE:
        return literal(Type.BOOLEAN, Boolean.FALSE);
      case IDENT:
        return new Identifier(t.text());
      case LPAREN: {
        Expr e = or();
        expect(Token.Kind.RPAREN, "')'");
        return e;
      }
      default:
        index--;
        throw error(t.kind() == Token.Kind.END ? "unexpected end of selector" : "unexpected '" + t.text() + "'");
    }
  }

  private static Expr literal(Type type, Object value) {
    return node(type, ctx -> value);
  }

  private static Expr node(Type type, java.util.function.Function<SelectorContext, Object> f) {
    return new Expr() {
      @Override
      public Object eval(SelectorContext ctx) {
        return f.apply(ctx);
      }

      @Override
      public Type type() {
        return type;
      }
    };
  }

  /** A property or header name; its type is known only at evaluation. */
  record Identifier(String name) implements Expr {
    @Override
    public Object eval(SelectorContext ctx) {
      return Values.normalise(ctx.lookup(name));
    }

    @Override
    public Type type() {
      return Type.ANY;
    }
  }

}
