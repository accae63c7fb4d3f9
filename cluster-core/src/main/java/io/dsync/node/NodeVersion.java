package io.dsync.node;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The dsync version this node runs, from a build-time resource ({@code dev} when run unbuilt). */
public final class NodeVersion {
  private static final String VERSION = read();

  private NodeVersion() {}

  /** Such as {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = NodeVersion.class.getResourceAsStream("/io/dsync/node/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
