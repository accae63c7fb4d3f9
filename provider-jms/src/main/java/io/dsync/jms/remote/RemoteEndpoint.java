package io.dsync.jms.remote;

import io.dsync.client.ClientOptions;
import io.dsync.client.ClusterClient;
import io.dsync.client.ClusterUnavailableException;
import io.dsync.cluster.NodeId;
import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.ConsumerSpec;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.DestinationKey;
import io.dsync.jms.link.BrokerEndpoint;
import io.dsync.jms.link.BrokerLink;
import io.dsync.jms.link.DeliverySink;
import io.dsync.net.RemoteException;
import io.dsync.net.Reply;
import io.dsync.wire.Message;
import io.dsync.wire.MessageRegistry;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.ResourceAllocationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A broker on a dsync node reached over TCP ({@code dsync://host:port,...}). One {@link
 * ClusterClient} per endpoint carries every connection made from it; deliveries are pushed by the
 * node. Requests are not retried (a retried send could be stored twice); a request that times out
 * or loses its connection fails with a JMSException saying the outcome is unknown. Thread-safe.
 *
 * <p>Non-persistent sends outside transactions are asynchronous ({@link BrokerLink#sendNoWait}):
 * a connection keeps at most {@code sendWindow} of them unanswered (the next one blocks until
 * the node answers one), so a fast producer cannot queue more than that in the node's memory. A
 * failed one is reported to the connection's ExceptionListener and thrown by the link's next send
 * or commit. Every other call of the link first waits until its asynchronous sends are answered,
 * so a later persistent send, commit, browse or close sees them in order.
 */
public final class RemoteEndpoint implements BrokerEndpoint, AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, Function<String, JMSException>> ERRORS = Map.of(
      "IllegalStateException", IllegalStateException::new,
      "InvalidDestinationException", InvalidDestinationException::new,
      "InvalidSelectorException", InvalidSelectorException::new,
      "InvalidClientIDException", InvalidClientIDException::new,
      "JMSSecurityException", JMSSecurityException::new,
      "ResourceAllocationException", ResourceAllocationException::new);

  /** The default number of unanswered asynchronous (non-persistent) sends per connection. */
  public static final int DEFAULT_SEND_WINDOW = 1000;

  private final String url;
  private final int sendWindow;
  private final Map<String, RemoteLink> links = new ConcurrentHashMap<>();
  private volatile ClusterClient client;

  /** An endpoint for a {@code dsync://} URL; connects on the first {@link #connect}. */
  public RemoteEndpoint(String url) {
    this(url, DEFAULT_SEND_WINDOW);
  }

  /**
   * An endpoint for a {@code dsync://} URL whose connections keep at most {@code sendWindow}
   * non-persistent sends unanswered; 0 makes every send wait for the node's answer.
   */
  public RemoteEndpoint(String url, int sendWindow) {
    if (sendWindow < 0) {
      throw new IllegalArgumentException("sendWindow must be >= 0, was " + sendWindow);
    }
    this.url = url;
    this.sendWindow = sendWindow;
  }

  /** The shared client, connected on first use; no lock once connected (every call passes here). */
  private ClusterClient client() throws JMSException {
    ClusterClient c = client;
    return c != null ? c : connectClient();
  }

  private synchronized ClusterClient connectClient() throws JMSException {
    if (client == null) {
      try {
        ClientOptions options = ClientOptions.of(url).withRetries(1, ClientOptions.of(url).retryBackoff()).withTimeouts(TIMEOUT, TIMEOUT);
        ClusterClient connected = ClusterClient.connect(options, JmsWire.register(new MessageRegistry()));
        connected.onPush(new io.dsync.net.InboundHandler() {
          @Override
          public void onMessage(NodeId from, Message message, Reply reply) {
            onPush(from, message, reply);
          }

          @Override
          public void onDisconnected(NodeId peer) {
            connectionLost(peer);
          }
        });
        client = connected; // published only once pushes have their handler
      } catch (ClusterUnavailableException | IllegalArgumentException e) {
        JMSException j = new JMSException("cannot reach a dsync node at " + url + ": " + e.getMessage());
        j.initCause(e);
        throw j;
      }
    }
    return client;
  }

  private void onPush(NodeId from, Message message, Reply reply) {
    if (!(message instanceof JmsWire.Push push)) {
      reply.fail("unsupported", "unexpected " + message.getClass().getSimpleName());
      return;
    }
    Payloads.In in = new Payloads.In(push.body());
    RemoteLink link = links.get(in.string());
    if (link != null) {
      link.onDelivery(in.delivery());
    }
  }

  /** The node dropped: every connection made through it is gone on the node's side. */
  private void connectionLost(NodeId peer) {
    for (RemoteLink link : List.copyOf(links.values())) {
      links.remove(link.connectionId);
      link.failed(new JMSException("lost the connection to the dsync node at " + url
          + "; this JMS connection's sessions, consumers and temporary destinations are gone", "DSYNC_CONNECTION_LOST"));
    }
  }

  private byte[] call(int op, Payloads.Out body) throws JMSException {
    try {
      Message m = client().request(new JmsWire.Request(op, body.bytes()), TIMEOUT).get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return ((JmsWire.Response) m).body();
    } catch (ExecutionException e) {
      throw toJms(e.getCause());
    } catch (TimeoutException e) {
      throw new JMSException("the request to " + url + " timed out; its outcome is unknown");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JMSException("interrupted; the outcome of the request is unknown");
    }
  }

  /** A request's failure as the JMSException the application sees. */
  private JMSException toJms(Throwable cause) {
    if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RemoteException r) {
      JMSException j = ERRORS.getOrDefault(r.errorCode(), JMSException::new).apply(r.getMessage());
      j.initCause(r);
      return j;
    }
    JMSException j = new JMSException("the request to " + url + " failed; its outcome is unknown: " + cause);
    j.initCause(cause);
    return j;
  }

  @Override
  public BrokerLink connect(String user, String password) throws JMSException {
    Payloads.In in = new Payloads.In(call(Ops.CONNECT, new Payloads.Out().string(user).string(password)));
    RemoteLink link = new RemoteLink(in.string(), in.intValue());
    links.put(link.connectionId, link);
    return link;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /** One connection's link over the shared client. */
  private final class RemoteLink implements BrokerLink {
    private final String connectionId;
    private final int maxMessageBytes;
    private final Map<Long, DeliverySink> sinks = new ConcurrentHashMap<>();
    /** One permit per asynchronous send the node may still owe an answer for. */
    private final Semaphore window = new Semaphore(sendWindow);
    /** The first failure of an asynchronous send not yet thrown to the application. */
    private final AtomicReference<JMSException> sendFailure = new AtomicReference<>();
    private volatile boolean closed;
    /** Why this link broke (the node's connection dropped), or null. */
    private volatile JMSException lost;
    private volatile java.util.function.Consumer<JMSException> failureListener = e -> { };

    RemoteLink(String connectionId, int maxMessageBytes) {
      this.connectionId = connectionId;
      this.maxMessageBytes = maxMessageBytes;
    }

    /** Throws (once) the failure of an earlier asynchronous send. */
    private void throwSendFailure() throws JMSException {
      JMSException e = sendFailure.getAndSet(null);
      if (e != null) {
        throw e;
      }
    }

    /** Waits until the node has answered every asynchronous send of this link. */
    private void awaitSends() throws JMSException {
      if (sendWindow == 0) {
        return;
      }
      try {
        if (!window.tryAcquire(sendWindow, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new JMSException("the node at " + url + " did not answer earlier non-persistent sends within " + TIMEOUT.toSeconds()
              + " s; their outcome is unknown");
        }
        window.release(sendWindow);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JMSException("interrupted while waiting for earlier non-persistent sends to be answered");
      }
    }

    private void sendFailed(JMSException e) {
      if (!closed && sendFailure.compareAndSet(null, e)) {
        // not on the transport thread that completed the send: the application's listener may
        // block or close the connection, which waits for answers that thread delivers
        CompletableFuture.runAsync(() -> failureListener.accept(e));
      }
    }

    void onDelivery(Delivery d) {
      DeliverySink sink = sinks.get(d.consumerId());
      if (sink != null) {
        sink.deliver(d);
      }
    }

    void failed(JMSException e) {
      lost = e;
      closed = true;
      failureListener.accept(e);
    }

    @Override
    public JMSException failure() {
      return lost;
    }

    /** A request of this connection; refused at once once the node's connection was lost. */
    private byte[] linkCall(int op, Payloads.Out body) throws JMSException {
      JMSException e = lost;
      if (e != null) {
        JMSException j = new JMSException(e.getMessage(), e.getErrorCode());
        j.initCause(e);
        throw j;
      }
      return call(op, body);
    }

    @Override
    public void onFailure(java.util.function.Consumer<JMSException> listener) {
      failureListener = listener;
    }

    private Payloads.Out out() {
      return new Payloads.Out().string(connectionId);
    }

    @Override
    public String connectionId() {
      return connectionId;
    }

    @Override
    public void claimClientId(String clientId) throws JMSException {
      linkCall(Ops.CLAIM_CLIENT_ID, out().string(clientId));
    }

    @Override
    public void commit(List<BrokerMessage> messages, List<AckRef> acks) throws JMSException {
      awaitSends();
      throwSendFailure();
      linkCall(Ops.COMMIT, out().messages(messages).refs(acks));
    }

    @Override
    public void sendNoWait(BrokerMessage message) throws JMSException {
      if (sendWindow == 0) {
        commit(List.of(message), List.of());
        return;
      }
      throwSendFailure();
      if (closed) {
        throw new IllegalStateException("the connection to the dsync node at " + url + " is closed or lost");
      }
      try {
        if (!window.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new JMSException("the node at " + url + " answered none of " + sendWindow + " non-persistent sends within "
              + TIMEOUT.toSeconds() + " s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JMSException("interrupted while waiting for room in the send window; the message was not sent");
      }
      CompletableFuture<Message> answer;
      try {
        answer = client().request(new JmsWire.Request(Ops.SEND_NO_WAIT, out().messages(List.of(message)).refs(List.of()).bytes()), TIMEOUT);
      } catch (JMSException | RuntimeException e) {
        window.release();
        throw e;
      }
      answer.whenComplete((response, error) -> {
        if (error != null) {
          sendFailed(toJms(error));
        }
        window.release();
      });
    }

    @Override
    public void createConsumer(ConsumerSpec spec, DeliverySink sink) throws JMSException {
      sinks.put(spec.consumerId(), sink);
      try {
        linkCall(Ops.CREATE_CONSUMER, out().spec(spec));
      } catch (JMSException e) {
        sinks.remove(spec.consumerId());
        throw e;
      }
    }

    @Override
    public void closeConsumer(long consumerId) {
      sinks.remove(consumerId);
      quietly(Ops.CLOSE_CONSUMER, out().longValue(consumerId));
    }

    /**
     * A request: returns once the node has logged the delivery as consumed, so a broker crash
     * after this brings the message back with JMSRedelivered (CLIENT_ACKNOWLEDGE, transacted).
     */
    @Override
    public void consumed(long consumerId, AckRef ref) {
      try {
        linkCall(Ops.CONSUMED, out().longValue(consumerId).string(ref.queue()).longValue(ref.seq()));
      } catch (JMSException e) {
        // the connection is gone or the node refused: the delivery stays unacknowledged, and
        // the failure surfaces at the acknowledgement or through the ExceptionListener
      }
    }

    /** One-way (AUTO/DUPS_OK: the acknowledgement follows at once). */
    @Override
    public void consumedNoWait(long consumerId, AckRef ref) {
      try {
        client().send(new JmsWire.Request(Ops.CONSUMED_NO_WAIT, out().longValue(consumerId).string(ref.queue()).longValue(ref.seq()).bytes()));
      } catch (JMSException e) {
        // the credit comes back when the connection is re-established or closed
      }
    }

    /** One way, in order with the connection's other requests on the node. */
    @Override
    public void consumedAndAcknowledged(long consumerId, AckRef ref) throws JMSException {
      client().send(new JmsWire.Request(Ops.CONSUMED_ACKNOWLEDGED,
          out().longValue(consumerId).string(ref.queue()).longValue(ref.seq()).bytes()));
    }

    /** One way, in order with the connection's other requests on the node. */
    @Override
    public void acknowledgeNoWait(List<AckRef> refs) throws JMSException {
      JMSException e = lost;
      if (e != null) {
        throw new JMSException(e.getMessage(), e.getErrorCode());
      }
      client().send(new JmsWire.Request(Ops.ACKNOWLEDGE, out().refs(refs).bytes()));
    }

    @Override
    public void acknowledge(List<AckRef> refs) throws JMSException {
      linkCall(Ops.ACKNOWLEDGE, out().refs(refs));
    }

    @Override
    public void release(List<AckRef> refs) {
      quietly(Ops.RELEASE, out().refs(refs));
    }

    @Override
    public List<Delivery> browse(DestinationKey queue, String selector) throws JMSException {
      awaitSends();
      Payloads.In in = new Payloads.In(linkCall(Ops.BROWSE, out().string(queue.toString()).string(selector)));
      int n = in.intValue();
      List<Delivery> ds = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ds.add(in.delivery());
      }
      return ds;
    }

    @Override
    public DestinationKey createTemporary(boolean topic) throws JMSException {
      return DestinationKey.parse(new Payloads.In(linkCall(Ops.CREATE_TEMPORARY, out().bool(topic))).string());
    }

    @Override
    public void deleteTemporary(DestinationKey key) throws JMSException {
      awaitSends();
      linkCall(Ops.DELETE_TEMPORARY, out().string(key.toString()));
    }

    @Override
    public void unsubscribe(String clientId, String name) throws JMSException {
      linkCall(Ops.UNSUBSCRIBE, out().string(clientId).string(name));
    }

    @Override
    public long newConsumerId() {
      try {
        return new Payloads.In(linkCall(Ops.NEW_CONSUMER_ID, out())).longValue();
      } catch (JMSException e) {
        throw new java.lang.IllegalStateException(e.getMessage(), e);
      }
    }

    @Override
    public int maxMessageBytes() {
      return maxMessageBytes;
    }

    private void quietly(int op, Payloads.Out body) {
      try {
        linkCall(op, body);
      } catch (JMSException e) {
        // best effort: the node releases everything of this connection when it closes or drops
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      try {
        awaitSends();
      } catch (JMSException e) {
        // closing anyway: the node releases what this connection held
      }
      closed = true;
      links.remove(connectionId);
      quietly(Ops.CLOSE, out());
    }
  }
}
