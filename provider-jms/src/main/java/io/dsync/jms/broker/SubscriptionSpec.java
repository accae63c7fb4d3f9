package io.dsync.jms.broker;

/**
 * A named topic subscription.
 *
 * @param name the subscription name
 * @param clientId the connection's client id (required for unshared durable), or null
 * @param durable survives the consumer and broker restarts
 * @param shared may have several consumers
 */
public record SubscriptionSpec(String name, String clientId, boolean durable, boolean shared) {

  /** The broker queue key of this subscription. */
  public String queueKey() {
    String cid = clientId == null ? "" : clientId;
    if (durable) {
      return "durable://" + cid + "/" + name;
    }
    return "shared://" + cid + "/" + name;
  }
}
