package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every operation {@link LockResource} serves is documented in the node's OpenAPI document
 * ({@code docs/openapi.yaml}, read from the source tree): its path is under {@code paths} with
 * the same HTTP method.
 */
class OpenApiLocksTest {
  @Test
  void everyLockOperation_isInTheOpenApiDocument() throws Exception {
    java.nio.file.Path doc = java.nio.file.Path.of("..", "docs", "openapi.yaml");
    assertThat(doc).exists();
    Map<String, List<String>> documented = paths(Files.readAllLines(doc));

    String base = LockResource.class.getAnnotation(Path.class).value();
    List<String> served = new ArrayList<>();
    for (Method m : LockResource.class.getDeclaredMethods()) {
      String verb = m.isAnnotationPresent(GET.class) ? "get" : m.isAnnotationPresent(POST.class) ? "post"
          : m.isAnnotationPresent(PUT.class) ? "put" : m.isAnnotationPresent(DELETE.class) ? "delete" : null;
      if (verb == null) {
        continue;
      }
      Path sub = m.getAnnotation(Path.class);
      String path = sub == null ? base : base + "/" + sub.value();
      served.add(verb + " " + path);
      assertThat(documented.getOrDefault(path, List.of())).as(verb.toUpperCase(Locale.ROOT) + " " + path
          + " in docs/openapi.yaml").contains(verb);
    }
    assertThat(served).contains("post /locks/acquire", "post /locks/release", "get /locks", "get /locks/{resource}");
  }

  /** Path → methods, from the two-space-indented keys under {@code paths:}. */
  private static Map<String, List<String>> paths(List<String> lines) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    boolean inPaths = false;
    String current = null;
    for (String line : lines) {
      if (!line.startsWith(" ") && !line.isBlank() && !line.startsWith("#")) {
        inPaths = line.startsWith("paths:");
        current = null;
        continue;
      }
      if (!inPaths) {
        continue;
      }
      if (line.startsWith("  /") && line.trim().endsWith(":")) {
        current = line.trim().substring(0, line.trim().length() - 1);
        out.put(current, new ArrayList<>());
      } else if (current != null && line.matches("    (get|post|put|delete|patch):.*")) {
        out.get(current).add(line.trim().substring(0, line.trim().indexOf(':')));
      }
    }
    return out;
  }
}
