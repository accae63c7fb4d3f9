package io.dsync.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the admin server listens.
 *
 * @param host bind address; 127.0.0.1 unless configured
 * @param port port, 0 for a free one
 * @param token bearer token for mutating calls; required beyond loopback
 */
public record AdminSettings(String host, int port, Optional<String> token) {
  public AdminSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin port out of range 0..65535: " + port);
    }
  }

  /** Loopback, a free port, no token: for tests. */
  public static AdminSettings loopbackEphemeral() {
    return new AdminSettings("127.0.0.1", 0, Optional.empty());
  }
}
