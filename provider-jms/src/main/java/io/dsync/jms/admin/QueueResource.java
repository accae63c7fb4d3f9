package io.dsync.jms.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsync.jms.broker.BodyType;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.QueueStats;
import io.dsync.jms.server.LocalBroker;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.ResourceAllocationException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue API of the admin endpoint. REST and JMS share the broker, so they see the same
 * queues. A message taken with dequeue stays in flight until acknowledged, and comes back
 * (redelivered) after the broker's visibility timeout. Singleton; thread-safe.
 */
@Path("/queue")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class QueueResource {
  private static final int MAX_NAME = 255;

  private final LocalBroker broker;
  private final String nodeId;
  private final ObjectMapper json = new ObjectMapper();

  /** The resource over a broker, reporting the node id in enqueue answers. */
  public QueueResource(LocalBroker broker, String nodeId) {
    this.broker = broker;
    this.nodeId = nodeId;
  }

  private static String queueName(Map<String, Object> body, boolean required) {
    if (body == null) {
      throw new BadRequestException("a JSON object body is required");
    }
    Object q = body.get("queue_name");
    if (q == null) {
      if (required) {
        throw new BadRequestException("queue_name is required");
      }
      return null;
    }
    if (!(q instanceof String s) || s.isBlank() || s.length() > MAX_NAME) {
      throw new BadRequestException("queue_name must be a non-empty string of at most " + MAX_NAME + " characters");
    }
    return s;
  }

  /** {@code POST /queue/enqueue {queue_name, message}} → {@code {message_id, node_id}}; creates the queue if needed. */
  @POST
  @Path("enqueue")
  public Map<String, Object> enqueue(Map<String, Object> body) {
    String queue = queueName(body, true);
    if (!body.containsKey("message") || body.get("message") == null) {
      throw new BadRequestException("message is required");
    }
    Object message = body.get("message");
    String text;
    try {
      text = message instanceof String s ? s : json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("message cannot be written as JSON: " + e.getOriginalMessage());
    }
    boolean persistent = !Boolean.FALSE.equals(body.get("persistent"));
    try {
      String id = broker.enqueueText(queue, text, persistent);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("message_id", id);
      out.put("node_id", nodeId);
      return out;
    } catch (JMSException e) {
      throw map(e);
    }
  }

  /** {@code POST /queue/dequeue {queue_name}} → {@code {message, message_id, delivery_time}}, or nulls when empty. */
  @POST
  @Path("dequeue")
  public Map<String, Object> dequeue(Map<String, Object> body) {
    String queue = queueName(body, true);
    try {
      Delivery d = broker.dequeue(queue);
      Map<String, Object> out = new LinkedHashMap<>();
      if (d == null) {
        out.put("message", null);
        out.put("message_id", null);
        out.put("delivery_time", null);
        return out;
      }
      out.put("message", body(d));
      out.put("message_id", d.message().messageId());
      out.put("delivery_time", System.currentTimeMillis());
      out.put("redelivered", d.redelivered());
      out.put("delivery_count", d.deliveryCount());
      if (d.message().bodyType() != BodyType.TEXT) {
        out.put("message_encoding", "base64");
      }
      return out;
    } catch (JMSException e) {
      throw map(e);
    }
  }

  private static Object body(Delivery d) {
    byte[] b = d.message().body();
    if (b == null) {
      return null;
    }
    return d.message().bodyType() == BodyType.TEXT ? new String(b, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(b);
  }

  /** {@code POST /queue/ack {message_id, queue_name?}} → {@code {success}}; 404 when no such message is in flight. */
  @POST
  @Path("ack")
  public Map<String, Object> ack(Map<String, Object> body) {
    if (body == null || !(body.get("message_id") instanceof String id) || id.isBlank()) {
      throw new BadRequestException("message_id is required");
    }
    String queue = queueName(body, false);
    if (queue != null && broker.stats(queue) == null) {
      throw new NotFoundException("no queue named '" + queue + "'");
    }
    try {
      if (!broker.restAcknowledge(id)) {
        throw new NotFoundException("no message '" + id + "' is in flight (unknown, already acknowledged, or its visibility timeout ended)");
      }
    } catch (JMSException e) {
      throw map(e);
    }
    return Map.of("success", true);
  }

  /** {@code GET /queue/status/{queue}}: counters; 404 for an unknown queue. */
  @GET
  @Path("status/{queue}")
  public Map<String, Object> status(@PathParam("queue") String queue) {
    QueueStats s = broker.stats(queue);
    if (s == null) {
      throw new NotFoundException("no queue named '" + queue + "'");
    }
    return describe(s);
  }

  /** {@code GET /queue/all}: every queue's counters. */
  @GET
  @Path("all")
  public Map<String, Object> all() {
    List<Map<String, Object>> queues = new ArrayList<>();
    for (QueueStats s : broker.allStats()) {
      queues.add(describe(s));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node_id", nodeId);
    out.put("queues", queues);
    return out;
  }

  private static Map<String, Object> describe(QueueStats s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("queue_name", s.name());
    out.put("size", s.size());
    out.put("in_flight", s.inFlight());
    out.put("consumers", s.consumers());
    out.put("enqueued", s.enqueued());
    out.put("dequeued", s.dequeued());
    out.put("acked", s.acked());
    return out;
  }

  private static WebApplicationException map(JMSException e) {
    if (e instanceof InvalidDestinationException) {
      return new NotFoundException(e.getMessage());
    }
    if (e instanceof ResourceAllocationException) {
      if (e.getMessage() != null && e.getMessage().contains("is full")) {
        return new ServiceUnavailableException(e.getMessage());
      }
      return new WebApplicationException(e.getMessage(), Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
    return new WebApplicationException(e.getMessage(), Response.Status.INTERNAL_SERVER_ERROR);
  }
}
