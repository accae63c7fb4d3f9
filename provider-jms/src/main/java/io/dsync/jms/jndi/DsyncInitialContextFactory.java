package io.dsync.jms.jndi;

import io.dsync.jms.DsyncConnectionFactory;
import io.dsync.jms.DsyncQueue;
import io.dsync.jms.DsyncTopic;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * A read-only JNDI context built from the environment ({@code jndi.properties} or the
 * InitialContext's Hashtable):
 *
 * <pre>
 * java.naming.factory.initial = io.dsync.jms.jndi.DsyncInitialContextFactory
 * java.naming.provider.url    = vm://localhost          (default broker URL)
 * connectionFactory.MyCF      = vm://other?dataDir=/x   (more factories; URL optional)
 * queue.jms/Orders            = orders                  (JNDI name = physical name)
 * topic.jms/News              = news
 * </pre>
 *
 * <p>{@code ConnectionFactory}, {@code QueueConnectionFactory} and {@code TopicConnectionFactory}
 * are always bound to the provider URL. Also {@code dynamicQueues/NAME} and {@code
 * dynamicTopics/NAME} resolve to a destination of that name. Thread-safe.
 */
public final class DsyncInitialContextFactory implements InitialContextFactory {
  /** Prefix of connection factory entries. */
  public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
  /** Prefix of queue entries. */
  public static final String QUEUE_PREFIX = "queue.";
  /** Prefix of topic entries. */
  public static final String TOPIC_PREFIX = "topic.";

  @Override
  public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
    Map<String, Object> bindings = new HashMap<>();
    Object url = environment.get(Context.PROVIDER_URL);
    String defaultUrl = url == null || url.toString().isBlank() ? "vm://localhost" : url.toString();
    try {
      for (String name : new String[] {"ConnectionFactory", "QueueConnectionFactory", "TopicConnectionFactory"}) {
        bindings.put(name, new DsyncConnectionFactory(defaultUrl));
      }
      for (Map.Entry<?, ?> e : environment.entrySet()) {
        String key = e.getKey().toString();
        String value = e.getValue() == null ? "" : e.getValue().toString();
        if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
          bindings.put(key.substring(CONNECTION_FACTORY_PREFIX.length()), new DsyncConnectionFactory(value.isBlank() ? defaultUrl : value));
        } else if (key.startsWith(QUEUE_PREFIX)) {
          bindings.put(key.substring(QUEUE_PREFIX.length()), new DsyncQueue(value));
        } else if (key.startsWith(TOPIC_PREFIX)) {
          bindings.put(key.substring(TOPIC_PREFIX.length()), new DsyncTopic(value));
        }
      }
    } catch (IllegalArgumentException e) {
      NamingException n = new NamingException("bad dsync JNDI configuration: " + e.getMessage());
      n.setRootCause(e);
      throw n;
    }
    return new ReadOnlyContext(environment, bindings);
  }
}
