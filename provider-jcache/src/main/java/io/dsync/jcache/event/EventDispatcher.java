package io.dsync.jcache.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * The listeners of one cache and the delivery of its events.
 *
 * <p>The cache calls {@link #hasListeners()} first so that an operation with no listener builds
 * no event. Events are published after the store update, outside any store lock, on the thread
 * that made the change. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventDispatcher<K, V> {

  private final Cache<K, V> source;
  private final Executor executor;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private volatile boolean any;

  /**
   * Creates a dispatcher.
   *
   * @param source the cache the events come from
   * @param executor runs asynchronous listeners
   */
  public EventDispatcher(Cache<K, V> source, Executor executor) {
    this.source = source;
    this.executor = executor;
  }

  /**
   * Whether any listener is registered.
   *
   * @return true if events must be built
   */
  public boolean hasListeners() {
    return any;
  }

  /**
   * Registers a listener.
   *
   * @param configuration the listener configuration
   * @throws IllegalArgumentException if an equal configuration is already registered
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> r : registrations) {
      if (r.configuration().equals(configuration)) {
        throw new IllegalArgumentException("this listener configuration is already registered");
      }
    }
    registrations.add(new ListenerRegistration<>(configuration, executor));
    any = true;
  }

  /**
   * Removes a listener and closes it.
   *
   * @param configuration the configuration it was registered with
   * @return true if it was registered
   */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> r : registrations) {
      if (r.configuration().equals(configuration)) {
        registrations.remove(r);
        any = !registrations.isEmpty();
        r.close();
        return true;
      }
    }
    return false;
  }

  /**
   * Publishes one event to every interested listener. A synchronous listener's exception is
   * rethrown after all listeners were called.
   *
   * @param type the event type
   * @param key the key
   * @param value the value (for REMOVED and EXPIRED: the value the entry had)
   * @param oldValue the old value, or null when none
   * @throws CacheEntryListenerException if a synchronous listener failed
   */
  public void publish(EventType type, K key, V value, V oldValue) {
    if (!any) {
      return;
    }
    boolean oldAvailable = type != EventType.CREATED && oldValue != null;
    CacheEntryEvent<K, V> event =
        new DsyncCacheEntryEvent<>(source, type, key, value, oldValue, oldAvailable);
    CacheEntryListenerException failure = null;
    for (ListenerRegistration<K, V> r : registrations) {
      try {
        r.deliver(event);
      } catch (CacheEntryListenerException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes every listener; called when the cache closes. */
  public synchronized void closeAll() {
    for (ListenerRegistration<K, V> r : registrations) {
      r.close();
    }
    registrations.clear();
    any = false;
  }
}
