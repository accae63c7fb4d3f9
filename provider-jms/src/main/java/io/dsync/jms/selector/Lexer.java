package io.dsync.jms.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits a selector into tokens (§3.8.1.1: literals, identifiers, keywords, operators). */
final class Lexer {
  private static final Map<String, Token.Kind> KEYWORDS =
      Map.ofEntries(
          Map.entry("TRUE", Token.Kind.TRUE),
          Map.entry("FALSE", Token.Kind.FALSE),
          Map.entry("NULL", Token.Kind.NULL),
          Map.entry("AND", Token.Kind.AND),
          Map.entry("OR", Token.Kind.OR),
          Map.entry("NOT", Token.Kind.NOT),
          Map.entry("BETWEEN", Token.Kind.BETWEEN),
          Map.entry("LIKE", Token.Kind.LIKE),
          Map.entry("IN", Token.Kind.IN),
          Map.entry("IS", Token.Kind.IS),
          Map.entry("ESCAPE", Token.Kind.ESCAPE));

  private final String src;
  private int pos;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String src) throws InvalidSelectorException {
    Lexer lx = new Lexer(src);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lx.next();
      out.add(t);
    } while (t.kind() != Token.Kind.END);
    return out;
  }

  private Token next() throws InvalidSelectorException {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
    if (pos >= src.length()) {
      return new Token(Token.Kind.END, "", null, pos);
    }
    int start = pos;
    char c = src.charAt(pos);
    if (c == '\'') {
      return string(start);
    }
    if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
      return number(start);
    }
    if (Character.isJavaIdentifierStart(c)) {
      while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
        pos++;
      }
      String word = src.substring(start, pos);
      Token.Kind kw = KEYWORDS.get(word.toUpperCase(Locale.ROOT));
      return new Token(kw == null ? Token.Kind.IDENT : kw, word, null, start);
    }
    pos++;
    switch (c) {
      case '=':
        return new Token(Token.Kind.EQ, "=", null, start);
      case '<':
        if (peek('>')) {
          return new Token(Token.Kind.NE, "<>", null, start);
        }
        if (peek('=')) {
          return new Token(Token.Kind.LE, "<=", null, start);
        }
        return new Token(Token.Kind.LT, "<", null, start);
      case '>':
        if (peek('=')) {
          return new Token(Token.Kind.GE, ">=", null, start);
        }
        return new Token(Token.Kind.GT, ">", null, start);
      case '+':
        return new Token(Token.Kind.PLUS, "+", null, start);
      case '-':
        return new Token(Token.Kind.MINUS, "-", null, start);
      case '*':
        return new Token(Token.Kind.STAR, "*", null, start);
      case '/':
        return new Token(Token.Kind.SLASH, "/", null, start);
      case '(':
        return new Token(Token.Kind.LPAREN, "(", null, start);
      case ')':
        return new Token(Token.Kind.RPAREN, ")", null, start);
      case ',':
        return new Token(Token.Kind.COMMA, ",", null, start);
      default:
        throw new InvalidSelectorException("unexpected character '" + c + "' at position " + start + " in selector: " + src);
    }
  }

  private boolean peek(char c) {
    if (pos < src.length() && src.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private Token string(int start) throws InvalidSelectorException {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= src.length()) {
        throw new InvalidSelectorException("unterminated string literal at position " + start + " in selector: " + src);
      }
      char c = src.charAt(pos++);
      if (c == '\'') {
        if (pos < src.length() && src.charAt(pos) == '\'') {
          sb.append('\'');
          pos++;
        } else {
          return new Token(Token.Kind.STRING, src.substring(start, pos), sb.toString(), start);
        }
      } else {
        sb.append(c);
      }
    }
  }

  private Token number(int start) throws InvalidSelectorException {
    boolean approx = false;
    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
      pos++;
    }
    if (pos < src.length() && src.charAt(pos) == '.') {
      approx = true;
      pos++;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      approx = true;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      int digits = pos;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
      if (digits == pos) {
        throw new InvalidSelectorException("bad exponent at position " + start + " in selector: " + src);
      }
    }
    String text = src.substring(start, pos);
    boolean longSuffix = false;
    if (!approx && pos < src.length() && (src.charAt(pos) == 'l' || src.charAt(pos) == 'L')) {
      pos++;
      longSuffix = true;
    } else if (pos < src.length() && "fFdD".indexOf(src.charAt(pos)) >= 0) {
      pos++;
      approx = true;
    }
    if (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
      throw new InvalidSelectorException("bad number at position " + start + " in selector: " + src);
    }
    try {
      if (approx) {
        return new Token(Token.Kind.APPROX, text, Double.parseDouble(text), start);
      }
      return new Token(Token.Kind.EXACT, text + (longSuffix ? "L" : ""), Long.parseLong(text), start);
    } catch (NumberFormatException e) {
      throw new InvalidSelectorException("number out of range at position " + start + ": " + text);
    }
  }
}
