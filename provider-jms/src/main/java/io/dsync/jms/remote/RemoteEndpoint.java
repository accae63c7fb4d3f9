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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A broker on a dsync node reached over TCP ({@code dsync://host:port,...}). One {@link
 * ClusterClient} per endpoint carries every connection made from it; deliveries are pushed by the
 * node. Requests are not retried (a retried send could be stored twice); a request that times out
 * or loses its connection fails with a JMSException saying the outcome is unknown. Thread-safe.
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

  private final String url;
  private final Map<String, RemoteLink> links = new ConcurrentHashMap<>();
  private ClusterClient client;

  /** An endpoint for a {@code dsync://} URL; connects on the first {@link #connect}. */
  public RemoteEndpoint(String url) {
    this.url = url;
  }

  private synchronized ClusterClient client() throws JMSException {
    if (client == null) {
      try {
        ClientOptions options = ClientOptions.of(url).withRetries(1, ClientOptions.of(url).retryBackoff()).withTimeouts(TIMEOUT, TIMEOUT);
        client = ClusterClient.connect(options, JmsWire.register(new MessageRegistry()));
        client.onPush(new io.dsync.net.InboundHandler() {
          @Override
          public void onMessage(NodeId from, Message message, Reply reply) {
            onPush(from, message, reply);
          }

          @Override
          public void onDisconnected(NodeId peer) {
            connectionLost(peer);
          }
        });
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
      Throwable cause = e.getCause();
      if (cause instanceof RemoteException r) {
        JMSException j = ERRORS.getOrDefault(r.errorCode(), JMSException::new).apply(r.getMessage());
        j.initCause(r);
        throw j;
      }
      JMSException j = new JMSException("the request to " + url + " failed; its outcome is unknown: " + cause);
      j.initCause(cause);
      throw j;
    } catch (TimeoutException e) {
      throw new JMSException("the request to " + url + " timed out; its outcome is unknown");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JMSException("interrupted; the outcome of the request is unknown");
    }
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
    private volatile boolean closed;
    private volatile java.util.function.Consumer<JMSException> failureListener = e -> { };

    RemoteLink(String connectionId, int maxMessageBytes) {
      this.connectionId = connectionId;
      this.maxMessageBytes = maxMessageBytes;
    }

    void onDelivery(Delivery d) {
      DeliverySink sink = sinks.get(d.consumerId());
      if (sink != null) {
        sink.deliver(d);
      }
    }

    void failed(JMSException e) {
      closed = true;
      failureListener.accept(e);
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
      call(Ops.CLAIM_CLIENT_ID, out().string(clientId));
    }

    @Override
    public void commit(List<BrokerMessage> messages, List<AckRef> acks) throws JMSException {
      call(Ops.COMMIT, out().messages(messages).refs(acks));
    }

    @Override
    public void createConsumer(ConsumerSpec spec, DeliverySink sink) throws JMSException {
      sinks.put(spec.consumerId(), sink);
      try {
        call(Ops.CREATE_CONSUMER, out().spec(spec));
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

    @Override
    public void consumed(long consumerId, AckRef ref) {
      try {
        client().send(new JmsWire.Request(Ops.CONSUMED, out().longValue(consumerId).string(ref.queue()).longValue(ref.seq()).bytes()));
      } catch (JMSException e) {
        // the credit comes back when the connection is re-established or closed
      }
    }

    @Override
    public void acknowledge(List<AckRef> refs) throws JMSException {
      call(Ops.ACKNOWLEDGE, out().refs(refs));
    }

    @Override
    public void release(List<AckRef> refs) {
      quietly(Ops.RELEASE, out().refs(refs));
    }

    @Override
    public List<Delivery> browse(DestinationKey queue, String selector) throws JMSException {
      Payloads.In in = new Payloads.In(call(Ops.BROWSE, out().string(queue.toString()).string(selector)));
      int n = in.intValue();
      List<Delivery> ds = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ds.add(in.delivery());
      }
      return ds;
    }

    @Override
    public DestinationKey createTemporary(boolean topic) throws JMSException {
      return DestinationKey.parse(new Payloads.In(call(Ops.CREATE_TEMPORARY, out().bool(topic))).string());
    }

    @Override
    public void deleteTemporary(DestinationKey key) throws JMSException {
      call(Ops.DELETE_TEMPORARY, out().string(key.toString()));
    }

    @Override
    public void unsubscribe(String clientId, String name) throws JMSException {
      call(Ops.UNSUBSCRIBE, out().string(clientId).string(name));
    }

    @Override
    public long newConsumerId() {
      try {
        return new Payloads.In(call(Ops.NEW_CONSUMER_ID, out())).longValue();
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
        call(op, body);
      } catch (JMSException e) {
        // best effort: the node releases everything of this connection when it closes or drops
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      links.remove(connectionId);
      quietly(Ops.CLOSE, out());
    }
  }
}
