package io.dsync.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Decides whether the admin server may start and whether it guards mutating calls: on a loopback
 * address it may run without a token; bound anywhere else it refuses to start without one. A
 * configured token always guards mutating calls. Pure.
 */
public final class AdminBindPolicy {
  /** Shortest token accepted: guessing one must be hopeless. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private AdminBindPolicy() {}

  /**
   * Whether {@code host} is a loopback address ({@code 127.0.0.0/8}, {@code ::1}, {@code
   * localhost}). A host name other than {@code localhost} is not trusted to be loopback.
   */
  public static boolean isLoopback(String host) {
    String h = host.trim();
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!looksLikeLiteral(h)) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean looksLikeLiteral(String h) {
    return h.matches("[0-9.]+") || h.contains(":");
  }

  /**
   * Why the admin server must not start with this bind address and token, or empty if it may.
   */
  public static Optional<String> problem(String host, Optional<String> token) {
    if (token.isPresent() && token.get().strip().length() < MIN_TOKEN_LENGTH) {
      return Optional.of("the admin token must be at least " + MIN_TOKEN_LENGTH + " characters");
    }
    if (!isLoopback(host) && token.isEmpty()) {
      return Optional.of("the admin server is bound to " + host + ", beyond loopback: set an admin"
          + " token (--admin-token, DSYNC_ADMIN_TOKEN or admin.token) so that mutating calls"
          + " need it, or bind it to 127.0.0.1");
    }
    return Optional.empty();
  }

  /** Whether mutating calls need the bearer token: whenever one is configured. */
  public static boolean guarded(Optional<String> token) {
    return token.isPresent();
  }
}
