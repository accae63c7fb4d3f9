package io.dsync.admin;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The operations JAX-RS resource classes serve, read from their annotations, as {@code METHOD
 * /path} strings in the form the OpenAPI document uses ({@code GET /raft/{group}}: one slash
 * between segments, no trailing slash, regular expressions dropped from templates). Test helper
 * (cluster-core's test-jar), used with {@link OpenApiDocument}. Stateless; thread-safe.
 */
public final class JaxRsOperations {
  private JaxRsOperations() {}

  /**
   * Every class annotated with {@link Path} that sits where {@code anchor} was loaded from (a
   * module's {@code target/classes} or its jar) in a package starting with {@code packagePrefix}:
   * the module's resources, including ones added after this was written.
   *
   * @param anchor any main class of the module
   * @param packagePrefix such as {@code io.dsync}
   * @return the resource classes, sorted by name
   */
  public static List<Class<?>> resourceClasses(Class<?> anchor, String packagePrefix) {
    List<String> names = new ArrayList<>();
    java.nio.file.Path location;
    try {
      location = java.nio.file.Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    String prefix = packagePrefix.replace('.', '/') + "/";
    try {
      if (Files.isDirectory(location)) {
        try (Stream<java.nio.file.Path> files = Files.walk(location)) {
          files.map(f -> location.relativize(f).toString().replace('\\', '/'))
              .filter(f -> f.startsWith(prefix) && f.endsWith(".class"))
              .forEach(names::add);
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String f = e.nextElement().getName();
            if (f.startsWith(prefix) && f.endsWith(".class")) {
              names.add(f);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Class<?>> out = new ArrayList<>();
    for (String file : names) {
      String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      if (name.endsWith("package-info") || name.endsWith("module-info")) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // needs a library this class path lacks: no node here can serve it either
      }
      if (type.isAnnotationPresent(Path.class)) {
        out.add(type);
      }
    }
    out.sort(Comparator.comparing(Class::getName));
    return out;
  }

  /**
   * The operations of the given resource classes (per class in reflection order, which is unspecified).
   *
   * @throws AssertionError for a sub-resource locator (its operations cannot be read from
   *     annotations alone; list them another way) or a class without {@link Path}
   */
  public static List<String> of(List<Class<?>> resources) {
    List<String> out = new ArrayList<>();
    for (Class<?> resource : resources) {
      Path base = resource.getAnnotation(Path.class);
      if (base == null) {
        throw new AssertionError(resource.getName() + " has no @Path: not a root resource");
      }
      for (Method m : resource.getMethods()) {
        if (m.isSynthetic() || m.isBridge()) {
          continue;
        }
        String verb = httpMethod(m);
        Path sub = m.getAnnotation(Path.class);
        if (verb == null) {
          if (sub != null) {
            throw new AssertionError(resource.getName() + "." + m.getName()
                + " is a sub-resource locator; its operations cannot be read from annotations");
          }
          continue;
        }
        out.add(verb + " " + join(base.value(), sub == null ? "" : sub.value()));
      }
    }
    return out;
  }

  /** {@code GET}, {@code POST} … from the method's annotation carrying {@link HttpMethod}, or null. */
  private static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  /** {@code "/raft" + "{group}/transfer/{node: .+}"} → {@code /raft/{group}/transfer/{node}}. */
  static String join(String base, String sub) {
    String path = ("/" + base + "/" + sub).replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}")
        .replaceAll("/+", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
