package io.dsync.lock.service;

import io.dsync.cluster.NodeId;
import io.dsync.lock.core.InvocationId;
import io.dsync.lock.core.LockCodec;
import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.Status;
import io.dsync.lock.remote.LockWire;
import io.dsync.net.MessageRouter;
import io.dsync.net.Reply;
import io.dsync.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves remote lock clients on the node's binary port: applies their {@link LockWire.LockRequest}s
 * through the node's {@link ReplicatedLockEngine} and answers at once; for an acquire that queues,
 * pushes a {@link LockWire.LockNotice} with the final result to the client when it ends. A notice
 * lost with a connection is made up for by the client re-sending its pending acquire (same
 * invocation id, applied once). Malformed command bytes get a {@code BAD_COMMAND} result; an
 * engine failure is answered with the retryable error code {@code unavailable}. Thread-safe.
 */
final class RemoteLockEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteLockEndpoint.class);

  private final ReplicatedLockEngine engine;
  private final Transport transport;

  RemoteLockEndpoint(ReplicatedLockEngine engine, Transport transport) {
    this.engine = engine;
    this.transport = transport;
  }

  /** Routes the lock messages of {@code router} here. */
  void bind(MessageRouter router) {
    router.route(LockWire.LockRequest.class, this::onRequest);
    router.route(LockWire.QueryRequest.class, this::onQuery);
  }

  /** Removes the routes. */
  void unbind(MessageRouter router) {
    router.unroute(LockWire.LockRequest.class);
    router.unroute(LockWire.QueryRequest.class);
  }

  private void onRequest(NodeId from, LockWire.LockRequest m, Reply reply) {
    LockCommand command;
    try {
      command = LockCodec.decodeCommand(m.command());
    } catch (IllegalArgumentException e) {
      reply.respond(new LockWire.LockReply(LockCodec.encodeResult(LockResult.error(Status.BAD_COMMAND, e.getMessage()))));
      return;
    }
    ReplicatedLockEngine.Submitted s = engine.submitTracked(command);
    s.first().whenComplete((r, t) -> {
      if (t != null) {
        reply.fail("unavailable", "lock command failed on this node: " + t.getMessage());
        return;
      }
      reply.respond(new LockWire.LockReply(LockCodec.encodeResult(r)));
      if (r.status() == Status.WAITING && command instanceof LockCommand.Acquire a) {
        InvocationId inv = a.invocation();
        s.last().whenComplete((fin, t2) -> {
          if (t2 == null) {
            transport.send(from, new LockWire.LockNotice(inv.sessionId(), inv.sequence(), LockCodec.encodeResult(fin)));
          } else {
            LOG.debug("queued acquire {} of {} ended without a result: {}", inv, from, t2.toString());
          }
        });
      }
    });
  }

  private void onQuery(NodeId from, LockWire.QueryRequest m, Reply reply) {
    engine.queryBytes(m.query()).whenComplete((bytes, t) -> {
      if (t != null) {
        reply.fail("unavailable", "lock query failed on this node: " + t.getMessage());
      } else {
        reply.respond(new LockWire.QueryReply(bytes));
      }
    });
  }
}
