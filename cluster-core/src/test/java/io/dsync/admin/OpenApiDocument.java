package io.dsync.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operations listed in the node's OpenAPI document, read exactly as the node serves it: the
 * class path copy of {@code docs/openapi.yaml} that {@link OpenApiResource} returns for {@code GET
 * /openapi.yaml}. Test helper (cluster-core's test-jar) for the tests that keep every JAX-RS
 * operation documented; see {@link JaxRsOperations} for the served side.
 *
 * <p>The document is read without a YAML library, so it must keep the block layout it has: the
 * top-level key {@code paths:}, under it one key per path (quoted or not), under each path one key
 * per HTTP method. A layout this reader does not understand fails loudly rather than being
 * skipped. Not thread-safe to build; immutable after.
 */
public final class OpenApiDocument {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final Set<String> operations;

  private OpenApiDocument(Set<String> operations) {
    this.operations = operations;
  }

  /**
   * The document on the class path, as served. When the source tree's {@code docs/openapi.yaml}
   * is found above the working directory, it must equal the class path copy: otherwise the test
   * would check a stale build.
   *
   * @throws AssertionError if there is no document, it is stale, or its paths cannot be read
   */
  public static OpenApiDocument load() {
    String served;
    try {
      served = new OpenApiResource().document();
    } catch (RuntimeException e) {
      throw new AssertionError("the OpenAPI document is not on the class path at "
          + OpenApiResource.RESOURCE + " (cluster-core copies docs/openapi.yaml there)", e);
    }
    java.nio.file.Path source = sourceCopy();
    if (source != null) {
      String text;
      try {
        text = Files.readString(source, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!text.equals(served)) {
        throw new AssertionError(source.toAbsolutePath().normalize() + " differs from the copy on the class path;"
            + " rebuild cluster-core (mvn -o -pl cluster-core install -DskipTests) so the test sees what a node serves");
      }
    }
    return parse(served);
  }

  /** The source tree's docs/openapi.yaml: looked for in the working directory and its parents. */
  private static java.nio.file.Path sourceCopy() {
    java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
    for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
      java.nio.file.Path candidate = dir.resolve("docs").resolve("openapi.yaml");
      if (Files.isRegularFile(candidate) && Files.isRegularFile(dir.resolve("cluster-core").resolve("pom.xml"))) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Reads the operations of a document's {@code paths}.
   *
   * @param yaml the document
   * @return its operations
   * @throws AssertionError for a layout this reader does not understand, or no paths at all
   */
  public static OpenApiDocument parse(String yaml) {
    Set<String> out = new LinkedHashSet<>();
    boolean inPaths = false;
    int pathIndent = -1;
    int methodIndent = -1;
    String current = null;
    int lineNo = 0;
    for (String raw : yaml.split("\r?\n", -1)) {
      lineNo++;
      String line = stripComment(raw);
      if (line.isBlank()) {
        continue;
      }
      int indent = indentOf(line);
      if (indent == 0) {
        inPaths = line.equals("paths:");
        if (!inPaths && line.startsWith("paths:")) {
          throw new AssertionError("line " + lineNo + ": write 'paths:' as a block mapping");
        }
        current = null;
        continue;
      }
      if (!inPaths) {
        continue;
      }
      if (pathIndent < 0) {
        pathIndent = indent;
      }
      if (indent < pathIndent) {
        throw new AssertionError("line " + lineNo + ": unexpected indentation under paths: " + raw);
      }
      if (indent == pathIndent) {
        current = pathKey(line.trim(), lineNo);
        methodIndent = -1;
        continue;
      }
      if (methodIndent < 0) {
        methodIndent = indent;
      }
      if (indent == methodIndent) {
        String key = key(line.trim(), lineNo);
        if (METHODS.contains(key)) {
          out.add(key.toUpperCase(Locale.ROOT) + " " + current);
        }
      }
    }
    if (out.isEmpty()) {
      throw new AssertionError("no operations found under 'paths:' in the OpenAPI document");
    }
    return new OpenApiDocument(Set.copyOf(out));
  }

  private static String pathKey(String trimmed, int lineNo) {
    if (!trimmed.endsWith(":")) {
      throw new AssertionError("line " + lineNo + ": a path must be a block mapping key ('/x:' on its own line): "
          + trimmed);
    }
    String key = unquote(trimmed.substring(0, trimmed.length() - 1).trim());
    if (!key.startsWith("/")) {
      throw new AssertionError("line " + lineNo + ": a path must start with '/': " + key);
    }
    return key;
  }

  private static String key(String trimmed, int lineNo) {
    int colon = trimmed.indexOf(':');
    if (colon <= 0) {
      throw new AssertionError("line " + lineNo + ": expected 'key:' under a path: " + trimmed);
    }
    return unquote(trimmed.substring(0, colon).trim());
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  /** Drops a {@code # comment} that starts a line or follows a space outside quotes. */
  private static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    if (i < line.length() && line.charAt(i) == '\t') {
      throw new AssertionError("tabs are not allowed for indentation in YAML: " + line);
    }
    return i;
  }

  /** Every documented operation, such as {@code GET /cache/{key}}. */
  public Set<String> operations() {
    return operations;
  }

  /**
   * The operations of {@code served} the document lacks, in their order.
   *
   * @param served operations such as {@code POST /queue/enqueue}
   * @return the missing ones; empty when all are documented
   */
  public List<String> missing(Collection<String> served) {
    List<String> out = new ArrayList<>();
    for (String op : served) {
      if (!operations.contains(op)) {
        out.add(op);
      }
    }
    return out;
  }

  /**
   * The documented operations under the first path segments {@code served} uses (such as
   * {@code /queue}) that are not in {@code served}: documentation of something the code does not
   * serve.
   *
   * @param served the operations the resources serve
   * @return the unserved documented ones; empty when the document and the code agree
   */
  public List<String> unserved(Collection<String> served) {
    Set<String> segments = new LinkedHashSet<>();
    for (String op : served) {
      segments.add(firstSegment(op));
    }
    List<String> out = new ArrayList<>();
    for (String op : operations) {
      if (segments.contains(firstSegment(op)) && !served.contains(op)) {
        out.add(op);
      }
    }
    return out;
  }

  private static String firstSegment(String operation) {
    String path = operation.substring(operation.indexOf(' ') + 1);
    int next = path.indexOf('/', 1);
    return next < 0 ? path : path.substring(0, next);
  }
}
