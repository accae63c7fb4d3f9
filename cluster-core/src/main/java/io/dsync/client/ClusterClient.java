package io.dsync.client;

import io.dsync.cluster.NodeId;
import io.dsync.net.InboundHandler;
import io.dsync.net.NettyTcpTransport;
import io.dsync.net.RemoteException;
import io.dsync.net.Reply;
import io.dsync.net.TcpTransportConfig;
import io.dsync.net.Transport;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection to a dsync cluster over TCP ({@code dsync://host:port,host:port}): one
 * client-mode {@link NettyTcpTransport}, connected to one node at a time.
 *
 * <p>It starts at a random node of the URL and moves to the next one when that node cannot be
 * reached or its connection drops. {@link #request} retries a failed attempt (timeout, lost
 * connection, or a remote error whose code is in {@link ClientOptions#retryableErrorCodes}) on
 * the current or next node, with bounded exponential backoff, within the request's overall
 * timeout. A retried request may be applied twice unless the service deduplicates it (carry an
 * invocation id). Messages the cluster pushes to this client go to the handler given to {@link
 * #onPush}.
 *
 * <p>Thread-safe. Nothing blocks except {@link #connect} and {@link #close}.
 */
public final class ClusterClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterClient.class);

  /** A connection to the node an attempt went to was lost; the attempt is retried. */
  static final class ConnectionLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectionLostException(NodeId server) {
      super("connection to " + server + " lost");
    }
  }

  private final ClientOptions options;
  private final MessageRegistry registry;
  private final NettyTcpTransport transport;
  private final List<NodeId> servers = new ArrayList<>();
  private final Map<NodeId, InetSocketAddress> addresses = new ConcurrentHashMap<>();
  private final Map<NodeId, Set<CompletableFuture<Message>>> inFlight = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries;
  private final Random random = new Random();
  private volatile InboundHandler pushHandler;
  private volatile NodeId current;
  private int nextIndex;
  private CompletableFuture<NodeId> selecting;
  private volatile boolean closed;

  private ClusterClient(ClientOptions options, MessageRegistry registry) {
    this.options = options;
    this.registry = registry;
    List<InetSocketAddress> urlAddresses = options.url().addresses();
    for (int i = 0; i < urlAddresses.size(); i++) {
      NodeId alias = NodeId.of("server-" + i);
      servers.add(alias);
      addresses.put(alias, urlAddresses.get(i));
      inFlight.put(alias, ConcurrentHashMap.newKeySet());
    }
    this.nextIndex = random.nextInt(servers.size());
    TcpTransportConfig config =
        TcpTransportConfig.client(options.clientId())
            .withPeers(addresses)
            .withConnectTimeout(options.connectTimeout())
            .withMaxFrameBytes(options.maxFrameBytes());
    this.transport = new NettyTcpTransport(config, registry);
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dsync-client-" + options.clientId());
              t.setDaemon(true);
              return t;
            });
    this.pushHandler = (from, message, reply) -> {
      log.debug("no push handler: dropped {} from {}", message.getClass().getSimpleName(), from);
      reply.fail("unsupported", "this client takes no requests");
    };
  }

  /** Connects with default options to a {@code dsync://} URL; see {@link #connect(ClientOptions, MessageRegistry)}. */
  public static ClusterClient connect(String url, MessageRegistry registry) {
    return connect(ClientOptions.of(url), registry);
  }

  /**
   * Creates a client and connects it to one reachable node, trying each node of the URL once.
   * Blocks for at most about one connect timeout per node.
   *
   * @throws ClusterUnavailableException when no node can be reached (the client is closed then)
   */
  public static ClusterClient connect(ClientOptions options, MessageRegistry registry) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(registry, "registry");
    ClusterClient client = new ClusterClient(options, registry);
    client.transport.start(client.new Handler());
    try {
      client.server().get();
      return client;
    } catch (ExecutionException e) {
      client.close();
      Throwable cause = e.getCause();
      if (cause instanceof ClusterUnavailableException unavailable) {
        throw unavailable;
      }
      throw new ClusterUnavailableException("cannot connect to " + options.url(), cause);
    } catch (InterruptedException e) {
      client.close();
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException("interrupted while connecting to " + options.url(), e);
    }
  }

  /** This client's id, as the nodes see it. */
  public NodeId clientId() {
    return options.clientId();
  }

  public ClientOptions options() {
    return options;
  }

  /** The address of the node this client is connected to now, or {@code null} between nodes. */
  public InetSocketAddress currentAddress() {
    NodeId c = current;
    return c == null ? null : addresses.get(c);
  }

  /**
   * The transport underneath (client mode). Nodes are addressed by the aliases {@code server-0},
   * {@code server-1}… in URL order; prefer {@link #request} and {@link #send}.
   */
  public Transport transport() {
    return transport;
  }

  /** Where messages pushed by the cluster to this client go; call before they can arrive. */
  public void onPush(InboundHandler handler) {
    this.pushHandler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Sends a one-way message to the current node (connecting first if needed). Never blocks; an
   * unregistered message class throws {@link IllegalArgumentException}.
   */
  public void send(Message message) {
    checkRegistered(message);
    server().thenAccept(s -> {
      try {
        transport.send(s, message);
      } catch (RuntimeException e) {
        log.error("cannot send {}", message.getClass().getName(), e);
      }
    });
  }

  /** {@link #request(Message, Duration)} with {@link ClientOptions#requestTimeout}. */
  public CompletableFuture<Message> request(Message request) {
    return request(request, options.requestTimeout());
  }

  /**
   * Sends a request, retrying on another node as described in the class comment. Completes with
   * the response, with {@link RemoteException} for a non-retryable remote error, or with {@link
   * ClusterUnavailableException} when attempts or time run out. Never blocks; an unregistered
   * message class throws {@link IllegalArgumentException}.
   */
  public CompletableFuture<Message> request(Message request, Duration timeout) {
    checkRegistered(request);
    Objects.requireNonNull(timeout, "timeout");
    CompletableFuture<Message> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("client " + clientId() + " is closed"));
      return result;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    attempt(request, 0, deadline, result, null);
    return result;
  }

  private void attempt(Message request, int number, long deadline, CompletableFuture<Message> result, Throwable last) {
    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (closed) {
      result.completeExceptionally(new IllegalStateException("client " + clientId() + " is closed"));
      return;
    }
    if (number >= options.maxAttempts() || remainingMillis <= 0) {
      result.completeExceptionally(new ClusterUnavailableException(
          "request " + request.getClass().getSimpleName() + " failed after " + number + " attempts", last));
      return;
    }
    server().whenComplete((server, connectError) -> {
      if (connectError != null) {
        retry(request, number, deadline, result, unwrap(connectError));
        return;
      }
      long millis = Math.min(options.attemptTimeout().toMillis(),
          Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      CompletableFuture<Message> attempt;
      try {
        attempt = transport.request(server, request, Duration.ofMillis(millis));
      } catch (RuntimeException e) { // a codec bug: never leave the caller's future hanging
        result.completeExceptionally(e);
        return;
      }
      Set<CompletableFuture<Message>> tracked = inFlight.get(server);
      tracked.add(attempt);
      if (!transport.isConnected(server)) {
        attempt.completeExceptionally(new ConnectionLostException(server));
      }
      attempt.whenComplete((response, error) -> {
        tracked.remove(attempt);
        if (error == null) {
          result.complete(response);
          return;
        }
        Throwable cause = unwrap(error);
        if (cause instanceof ConnectionLostException || cause instanceof TimeoutException) {
          moveOn(server);
          retry(request, number, deadline, result, cause);
        } else if (cause instanceof RemoteException remote && options.retryableErrorCodes().contains(remote.errorCode())) {
          retry(request, number, deadline, result, cause);
        } else {
          result.completeExceptionally(cause); // a non-retryable remote error, or a request too large to send
        }
      });
    });
  }

  private void retry(Message request, int number, long deadline, CompletableFuture<Message> result, Throwable cause) {
    long delay = options.retryBackoff().delayMillis(number, random);
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (closed || number + 1 >= options.maxAttempts() || delay >= remaining) {
      result.completeExceptionally(new ClusterUnavailableException(
          "request " + request.getClass().getSimpleName() + " failed after " + (number + 1) + " attempts", cause));
      return;
    }
    log.debug("attempt {} of {} failed ({}), retrying in {} ms", number + 1,
        request.getClass().getSimpleName(), cause.toString(), delay);
    try {
      retries.schedule(() -> attempt(request, number + 1, deadline, result, cause), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("client " + clientId() + " is closed"));
    }
  }

  private void checkRegistered(Message message) {
    Objects.requireNonNull(message, "message");
    if (!registry.isRegistered(message.getClass())) {
      throw new IllegalArgumentException("message class not registered: " + message.getClass().getName());
    }
  }

  private static Throwable unwrap(Throwable t) {
    return (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null
        ? t.getCause() : t;
  }

  /** The current node, connecting to the next reachable one if there is none. */
  private synchronized CompletableFuture<NodeId> server() {
    NodeId c = current;
    if (c != null && transport.isConnected(c)) {
      return CompletableFuture.completedFuture(c);
    }
    if (selecting == null || selecting.isDone()) {
      current = null;
      CompletableFuture<NodeId> selection = new CompletableFuture<>();
      selecting = selection;
      tryServer(selection, 0, null);
    }
    return selecting;
  }

  private void tryServer(CompletableFuture<NodeId> selection, int tried, Throwable last) {
    if (closed) {
      selection.completeExceptionally(new IllegalStateException("client " + clientId() + " is closed"));
      return;
    }
    if (tried >= servers.size()) {
      selection.completeExceptionally(
          new ClusterUnavailableException("no node of " + options.url() + " is reachable", last));
      return;
    }
    NodeId candidate;
    synchronized (this) {
      candidate = servers.get(nextIndex);
      nextIndex = (nextIndex + 1) % servers.size();
    }
    transport.connect(candidate).whenComplete((ok, error) -> {
      if (error == null) {
        synchronized (this) {
          current = candidate;
          nextIndex = (servers.indexOf(candidate)) % servers.size();
        }
        log.debug("{} connected to {} ({})", clientId(), candidate, addresses.get(candidate));
        selection.complete(candidate);
      } else {
        log.debug("{} cannot reach {} ({}): {}", clientId(), candidate, addresses.get(candidate), error.toString());
        tryServer(selection, tried + 1, unwrap(error));
      }
    });
  }

  /** Stops using {@code server}: the next attempt picks the next node. */
  private synchronized void moveOn(NodeId server) {
    if (server.equals(current)) {
      current = null;
      nextIndex = (servers.indexOf(server) + 1) % servers.size();
    }
  }

  /** Closes the connection; pending requests fail. Idempotent; blocks briefly. */
  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    transport.close();
  }

  private final class Handler implements InboundHandler {
    @Override
    public void onMessage(NodeId from, Message message, Reply reply) {
      pushHandler.onMessage(from, message, reply);
    }

    @Override
    public void onDisconnected(NodeId peer) {
      log.debug("{} lost its connection to {}", clientId(), peer);
      moveOn(peer);
      Set<CompletableFuture<Message>> attempts = inFlight.get(peer);
      if (attempts != null) {
        for (CompletableFuture<Message> attempt : List.copyOf(attempts)) {
          attempt.completeExceptionally(new ConnectionLostException(peer));
        }
      }
      pushHandler.onDisconnected(peer);
    }
  }
}
