package io.dsync.jms.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded brokers of this JVM by name ({@code vm://name}). Thread-safe. */
public final class EmbeddedBrokers {
  private static final Map<String, LocalBroker> BROKERS = new ConcurrentHashMap<>();

  private EmbeddedBrokers() {}

  /** The running broker of that name, started with the configuration if there is none. */
  public static LocalBroker getOrStart(BrokerConfig config) {
    return BROKERS.compute(config.name(), (n, b) -> b == null || b.isClosed() ? LocalBroker.start(config) : b);
  }

  /** Makes an already started broker reachable as {@code vm://name}; refused if the name is taken. */
  public static void register(String name, LocalBroker broker) {
    LocalBroker old = BROKERS.putIfAbsent(name, broker);
    if (old != null && old != broker && !old.isClosed()) {
      throw new IllegalStateException("an embedded broker named " + name + " is already running");
    }
    BROKERS.put(name, broker);
  }

  /** Stops and forgets a broker; nothing happens when there is none. */
  public static void stop(String name) {
    LocalBroker b = BROKERS.remove(name);
    if (b != null) {
      b.close();
    }
  }
}
