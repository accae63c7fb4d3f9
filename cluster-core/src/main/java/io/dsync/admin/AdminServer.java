package io.dsync.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.ext.ContextResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP admin endpoint: Jersey on Grizzly, JSON with Jackson. Serves the core
 * resources ({@code /status}, {@code /health}, {@code /cluster}, {@code /metrics}, {@code
 * /metrics/prometheus}, {@code /openapi.yaml}) and whatever services registered in {@link
 * AdminExtensions}. Every error is JSON ({@link ErrorBody}). Refuses to start beyond loopback
 * without a token ({@link AdminBindPolicy}).
 *
 * <p>{@link #start} blocks until bound; {@link #close} stops it. Thread-safe.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  // Jersey warns that resource instances "do not implement provider interfaces" (they are not
  // meant to), and Grizzly logs every listener start at INFO through java.util.logging; both are
  // noise in a node's log. Held here so the JUL loggers (weakly referenced) keep their level.
  private static final java.util.logging.Logger[] QUIET = {
    quiet("org.glassfish.jersey.internal.inject.Providers", java.util.logging.Level.SEVERE),
    quiet("org.glassfish.grizzly.http.server.NetworkListener", java.util.logging.Level.WARNING),
    quiet("org.glassfish.grizzly.http.server.HttpServer", java.util.logging.Level.WARNING),
  };

  private static java.util.logging.Logger quiet(String name, java.util.logging.Level level) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(level);
    return logger;
  }

  private final AdminSettings settings;
  private final ResourceConfig application;
  private final AdminExtensions extensions;
  private HttpServer server;
  private int boundPort = -1;

  /**
   * @param settings bind address, port and token
   * @param node what the core resources report
   * @param metrics the node's meters
   * @param extensions what services registered; frozen when the server starts
   * @throws IllegalArgumentException if the bind address needs a token that is missing (the
   *     message says what to set)
   */
  public AdminServer(AdminSettings settings, NodeStatusSource node, PrometheusMeterRegistry metrics,
      AdminExtensions extensions) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.extensions = Objects.requireNonNull(extensions, "extensions");
    AdminBindPolicy.problem(settings.host(), settings.token()).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    ResourceConfig config = new ResourceConfig();
    config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    config.register(JacksonFeature.withoutExceptionMappers());
    config.register(new ObjectMapperResolver());
    config.register(new WebApplicationExceptionMapper());
    config.register(new JsonErrorMapper());
    config.register(new InternalErrorMapper());
    config.register(new BodySizeFilter());
    if (AdminBindPolicy.guarded(settings.token())) {
      config.register(new BearerTokenFilter(settings.token().orElseThrow()));
    }
    config.register(new CoreResource(node, extensions));
    config.register(new MetricsResource(metrics));
    config.register(new OpenApiResource());
    this.application = config;
  }

  /** Binds and starts serving; registrations in {@link AdminExtensions} close now. */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("admin server already started");
    }
    extensions.freeze();
    for (Object resource : extensions.resources()) {
      if (resource instanceof Class<?> type) {
        application.register(type);
      } else {
        application.register(resource);
      }
    }
    URI uri = URI.create("http://" + hostForUri(settings.host()) + ":" + settings.port() + "/");
    HttpServer http = GrizzlyHttpServerFactory.createHttpServer(uri, application, false);
    for (NetworkListener listener : http.getListeners()) {
      listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
          .setPoolName("dsync-admin").setCorePoolSize(2).setMaxPoolSize(16));
      listener.getTransport().setSelectorRunnersCount(1);
      listener.registerAddOn(new IgnoreUpgradeAddOn());
    }
    try {
      http.start();
    } catch (IOException e) {
      http.shutdownNow();
      throw new UncheckedIOException("admin server could not bind " + settings.host() + ":"
          + settings.port() + ": " + e.getMessage(), e);
    }
    server = http;
    boundPort = http.getListeners().iterator().next().getPort();
    log.info("admin server listening on http://{}:{}/ (mutating calls {})", settings.host(),
        boundPort, AdminBindPolicy.guarded(settings.token()) ? "need the bearer token" : "open");
  }

  /** The bound port, after {@link #start}. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("admin server not started");
    }
    return boundPort;
  }

  /** The base URL, such as {@code http://127.0.0.1:8081/}, after {@link #start}. */
  public String baseUrl() {
    return "http://" + hostForUri(settings.host()) + ":" + port() + "/";
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** Stops serving. Idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdownNow();
      server = null;
    }
  }

  /** Pretty JSON; unknown request fields are errors, so typos are reported, not ignored. */
  static final class ObjectMapperResolver implements ContextResolver<ObjectMapper> {
    private final ObjectMapper mapper =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();

    @Override
    public ObjectMapper getContext(Class<?> type) {
      return mapper;
    }
  }
}
