package io.dsync.jms.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the JVM runs with the module options Chronicle Queue needs on Java 17, so the
 * broker fails at start with a message naming them instead of deep inside Chronicle.
 */
public final class JvmFlagsCheck {
  private JvmFlagsCheck() {}

  /** The options that are missing from this JVM (empty when all are present). */
  public static List<String> missing() {
    Module base = Object.class.getModule();
    Module me = JvmFlagsCheck.class.getModule();
    List<String> out = new ArrayList<>();
    if (!base.isExported("jdk.internal.ref", me)) {
      out.add("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
    }
    if (!base.isOpen("java.lang.reflect", me)) {
      out.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
    }
    if (!base.isExported("sun.nio.ch", me)) {
      out.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
    }
    if (!base.isOpen("java.lang", me)) {
      out.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    }
    if (!base.isOpen("java.nio", me)) {
      out.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    }
    return out;
  }

  /** Throws IllegalStateException naming the missing options. */
  public static void require() {
    List<String> m = missing();
    if (!m.isEmpty()) {
      throw new IllegalStateException(
          "the dsync JMS broker's Chronicle Queue WAL needs these JVM options on Java 17+: "
              + String.join(" ", m) + " (and -Dchronicle.analytics.disable=true); add them to the java command line");
    }
  }
}
