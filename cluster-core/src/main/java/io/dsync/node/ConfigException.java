package io.dsync.node;

/**
 * The configuration is invalid: the message says which setting, from which source, and why. The
 * launcher prints it and exits with code {@link #EXIT_CODE}.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The process exit code for a configuration error. */
  public static final int EXIT_CODE = 2;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
