package io.dsync.jms.remote;

import io.dsync.cluster.NodeId;
import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.DestinationKey;
import io.dsync.jms.link.BrokerLink;
import io.dsync.jms.server.LocalBroker;
import io.dsync.net.MessageRouter;
import io.dsync.net.Reply;
import io.dsync.net.Transport;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves remote JMS connections on a node: decodes requests, runs them against the local broker
 * on a worker pool (never waiting on the transport thread: broker calls may wait for the WAL), in
 * order per connection except sends and commits (a commit's engine step runs on the transport
 * thread when it need not wait, and is answered from the WAL's thread; one that must wait for
 * room in a full queue runs on a thread of its own; unawaited non-persistent sends in order on
 * one lane per connection), and pushes deliveries back to the client. A client that disconnects loses its
 * connections (their consumers' messages return to the queues). Thread-safe.
 */
public final class JmsRemoteServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JmsRemoteServer.class);

  /**
   * The most non-persistent sends one connection may have queued on the node unanswered; more are
   * refused with ResourceAllocationException (the client's default window is 1000).
   */
  public static final int MAX_UNANSWERED_SENDS = 10_000;

  private final LocalBroker broker;
  private final Transport transport;
  private final ExecutorService workers;
  private final ExecutorService senders;
  private final Map<String, Remote> links = new ConcurrentHashMap<>();
  private final Map<NodeId, Set<String>> byClient = new ConcurrentHashMap<>();

  /** One remote connection: its link, its serial queue of work and its lane of unawaited sends. */
  private final class Remote {
    final NodeId client;
    final BrokerLink link;
    final SerialExecutor serial;
    final SerialExecutor sendLane;
    /** Non-persistent sends queued on the lane and not answered yet. */
    final java.util.concurrent.atomic.AtomicInteger unansweredSends = new java.util.concurrent.atomic.AtomicInteger();
    /** Per destination, when (System.nanoTime) a lane send to it was last refused as full. */
    final Map<String, Long> refusedAt = new ConcurrentHashMap<>();

    Remote(NodeId client, BrokerLink link) {
      this.client = client;
      this.link = link;
      this.serial = new SerialExecutor(workers);
      this.sendLane = new SerialExecutor(senders);
    }
  }

  /** Registers the request route on a node's router. */
  public JmsRemoteServer(LocalBroker broker, Transport transport, MessageRouter router) {
    this.broker = broker;
    this.transport = transport;
    this.workers = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "dsync-jms-remote");
      t.setDaemon(true);
      return t;
    });
    this.senders = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dsync-jms-remote-send");
      t.setDaemon(true);
      return t;
    });
    router.route(JmsWire.Request.class, this::onRequest);
    router.onDisconnect(new io.dsync.net.InboundHandler() {
      @Override
      public void onMessage(NodeId from, io.dsync.wire.Message message, Reply reply) {}

      @Override
      public void onDisconnected(NodeId peer) {
        clientGone(peer);
      }
    });
  }

  private void onRequest(NodeId from, JmsWire.Request request, Reply reply) {
    Payloads.In in;
    try {
      in = new Payloads.In(request.body());
      if (request.op() == Ops.CONNECT) {
        String user = in.string();
        String password = in.string();
        workers.execute(() -> connect(from, user, password, reply));
        return;
      }
      String connectionId = in.string();
      Remote r = links.get(connectionId);
      if (r == null || !r.client.equals(from)) {
        reply.fail("IllegalStateException", "no open JMS connection " + connectionId + " for this client");
        return;
      }
      if (request.op() == Ops.SEND_NO_WAIT) {
        // the client does not wait between these: one lane per connection keeps their order, and
        // a send waiting for room in a full queue holds up only the sends behind it. The client
        // bounds them (sendWindow); this bound holds even for a client that does not.
        if (r.unansweredSends.incrementAndGet() > MAX_UNANSWERED_SENDS) {
          r.unansweredSends.decrementAndGet();
          reply.fail("ResourceAllocationException", "more than " + MAX_UNANSWERED_SENDS
              + " unanswered non-persistent sends on this connection; the message was not stored (use a smaller sendWindow)");
          return;
        }
        List<io.dsync.jms.broker.BrokerMessage> messages = in.messages();
        long arrivedNanos = System.nanoTime();
        r.sendLane.execute(() -> {
          try {
            sendOnLane(r, messages, arrivedNanos, reply);
          } finally {
            r.unansweredSends.decrementAndGet();
          }
        });
      } else if (request.op() == Ops.COMMIT) {
        commit(r, in.messages(), in.refs(), reply);
      } else {
        r.serial.execute(() -> run(r, request.op(), in, reply));
      }
    } catch (RuntimeException e) {
      reply.fail("JMSException", "bad request: " + e.getMessage());
    }
  }

  /**
   * One unawaited send. A send to a full queue waits up to the broker's send timeout for room;
   * the sends queued behind it on the lane would then each wait that long in turn. So once one is
   * refused as full, those to the same destination that arrived before the refusal are refused at
   * once (they would have found the queue full too), and the client's window drains in one
   * timeout instead of one per message.
   */
  private void sendOnLane(Remote r, List<io.dsync.jms.broker.BrokerMessage> messages, long arrivedNanos, Reply reply) {
    String destination = messages.isEmpty() ? "" : messages.get(0).destination();
    Long refused = r.refusedAt.get(destination);
    if (refused != null && arrivedNanos - refused < 0) {
      reply.fail("ResourceAllocationException", "the destination " + destination
          + " is full: refused without waiting, queued behind an earlier send that found it full");
      return;
    }
    try {
      r.link.commit(messages, List.of());
      reply.respond(new JmsWire.Response(new Payloads.Out().bytes()));
    } catch (jakarta.jms.ResourceAllocationException e) {
      r.refusedAt.put(destination, System.nanoTime());
      fail(reply, e);
    } catch (JMSException e) {
      fail(reply, e);
    } catch (RuntimeException e) {
      LOG.debug("bad JMS send", e);
      reply.fail("JMSException", "request failed: " + e.getMessage());
    }
  }

  /**
   * A send or transaction commit. Sends need no serial queue: the client waits for each answer
   * before its next request. When the broker can take it at once, the engine step runs here, on
   * the transport's thread (a short step under the broker's lock, no disk wait), and the answer
   * leaves from the WAL's thread once the write is confirmed: no worker thread is woken twice
   * per persistent send. When a destination is full, flow control waits for room on a sender
   * thread: it must not hold up the transport, nor the connection's other sessions (a consumer
   * of the same connection may be the one to make room).
   */
  private void commit(Remote r, List<io.dsync.jms.broker.BrokerMessage> messages, List<AckRef> acks, Reply reply) {
    java.util.Optional<java.util.concurrent.CompletableFuture<Void>> started;
    try {
      started = r.link.tryCommitAsync(messages, acks);
    } catch (JMSException e) {
      fail(reply, e);
      return;
    }
    if (started.isEmpty()) {
      senders.execute(() -> commitWaiting(r, messages, acks, reply));
      return;
    }
    started.get().whenComplete((v, failure) -> {
      if (failure == null) {
        reply.respond(new JmsWire.Response(new Payloads.Out().bytes()));
      } else {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (cause instanceof JMSException j) {
          fail(reply, j);
        } else {
          reply.fail("JMSException", "request failed: " + cause);
        }
      }
    });
  }

  private void commitWaiting(Remote r, List<io.dsync.jms.broker.BrokerMessage> messages, List<AckRef> acks, Reply reply) {
    try {
      r.link.commit(messages, acks);
      reply.respond(new JmsWire.Response(new Payloads.Out().bytes()));
    } catch (JMSException e) {
      fail(reply, e);
    } catch (RuntimeException e) {
      LOG.debug("bad JMS commit", e);
      reply.fail("JMSException", "request failed: " + e.getMessage());
    }
  }

  private void connect(NodeId from, String user, String password, Reply reply) {
    try {
      BrokerLink link = broker.connect(user, password);
      links.put(link.connectionId(), new Remote(from, link));
      byClient.computeIfAbsent(from, k -> ConcurrentHashMap.newKeySet()).add(link.connectionId());
      reply.respond(new JmsWire.Response(new Payloads.Out().string(link.connectionId()).intValue(link.maxMessageBytes()).bytes()));
    } catch (JMSException e) {
      fail(reply, e);
    }
  }

  private void run(Remote r, int op, Payloads.In in, Reply reply) {
    Payloads.Out out = new Payloads.Out();
    try {
      switch (op) {
        case Ops.CLAIM_CLIENT_ID -> r.link.claimClientId(in.string());
        case Ops.CREATE_CONSUMER -> {
          String connectionId = r.link.connectionId();
          r.link.createConsumer(in.spec(), d -> push(r.client, connectionId, d));
        }
        case Ops.CLOSE_CONSUMER -> r.link.closeConsumer(in.longValue());
        case Ops.CONSUMED -> r.link.consumed(in.longValue(), new AckRef(in.string(), in.longValue()));
        case Ops.CONSUMED_NO_WAIT -> r.link.consumedNoWait(in.longValue(), new AckRef(in.string(), in.longValue()));
        case Ops.CONSUMED_ACKNOWLEDGED -> r.link.consumedAndAcknowledged(in.longValue(), new AckRef(in.string(), in.longValue()));
        case Ops.ACKNOWLEDGE -> r.link.acknowledge(in.refs());
        case Ops.RELEASE -> r.link.release(in.refs());
        case Ops.BROWSE -> {
          List<Delivery> ds = r.link.browse(DestinationKey.parse(in.string()), in.string());
          out.intValue(ds.size());
          ds.forEach(out::delivery);
        }
        case Ops.CREATE_TEMPORARY -> out.string(r.link.createTemporary(in.bool()).toString());
        case Ops.DELETE_TEMPORARY -> r.link.deleteTemporary(DestinationKey.parse(in.string()));
        case Ops.UNSUBSCRIBE -> r.link.unsubscribe(in.string(), in.string());
        case Ops.NEW_CONSUMER_ID -> out.longValue(r.link.newConsumerId());
        case Ops.CLOSE -> close(r);
        default -> throw new IllegalArgumentException("unknown JMS operation " + op);
      }
      reply.respond(new JmsWire.Response(out.bytes()));
    } catch (JMSException e) {
      fail(reply, e);
    } catch (RuntimeException e) {
      LOG.debug("bad JMS request {}", op, e);
      reply.fail("JMSException", "request failed: " + e.getMessage());
    }
  }

  private static void fail(Reply reply, JMSException e) {
    reply.fail(e.getClass().getSimpleName(), e.getMessage());
  }

  private void push(NodeId client, String connectionId, Delivery d) {
    transport.send(client, new JmsWire.Push(new Payloads.Out().string(connectionId).delivery(d).bytes()));
  }

  private void close(Remote r) {
    links.remove(r.link.connectionId());
    Set<String> ids = byClient.get(r.client);
    if (ids != null) {
      ids.remove(r.link.connectionId());
    }
    r.link.close();
  }

  private void clientGone(NodeId client) {
    Set<String> ids = byClient.remove(client);
    if (ids == null) {
      return;
    }
    for (String id : ids) {
      Remote r = links.remove(id);
      if (r != null) {
        r.serial.execute(r.link::close);
      }
    }
  }

  /** Number of open remote connections. */
  public int connections() {
    return links.size();
  }

  @Override
  public void close() {
    for (Remote r : links.values()) {
      r.link.close();
    }
    links.clear();
    workers.shutdownNow();
    senders.shutdownNow();
  }
}
