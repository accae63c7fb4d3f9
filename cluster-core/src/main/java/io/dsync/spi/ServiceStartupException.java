package io.dsync.spi;

/**
 * A node could not start its services: a missing dependency, a dependency cycle, two services of
 * one name, or a service whose {@link NodeService#start} failed. The message names the service.
 */
public class ServiceStartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServiceStartupException(String message) {
    super(message);
  }

  public ServiceStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
