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
 * no event. Events are built under the key's lock and queued there for asynchronous listeners
 * (so each sees a key's events in the store's order); synchronous listeners are called after the
 * lock is released, on the thread that made the change. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventDispatcher<K, V> {

  private final Cache<K, V> source;
  private final Executor executor;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private volatile boolean any;
  private volatile boolean anySync;

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
    refreshFlags();
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
        refreshFlags();
        r.close();
        return true;
      }
    }
    return false;
  }

  /**
   * Whether any synchronous listener is registered.
   *
   * @return true if events must be kept for delivery after the update
   */
  public boolean hasSynchronous() {
    return anySync;
  }

  /**
   * Builds an event of this cache.
   *
   * @param type the event type
   * @param key the key
   * @param value the value (for REMOVED and EXPIRED: the value the entry had)
   * @param oldValue the old value, or null when none
   * @return the event
   */
  public CacheEntryEvent<K, V> event(EventType type, K key, V value, V oldValue) {
    boolean oldAvailable = type != EventType.CREATED && oldValue != null;
    return new DsyncCacheEntryEvent<>(source, type, key, value, oldValue, oldAvailable);
  }

  /**
   * Queues an event for every asynchronous listener; call it under the key's lock so that each
   * listener receives a key's events in the order the store applied them. Never blocks.
   *
   * @param event the event
   */
  public void enqueueAsync(CacheEntryEvent<K, V> event) {
    for (ListenerRegistration<K, V> r : registrations) {
      if (!r.isSynchronous()) {
        r.enqueue(event);
      }
    }
  }

  /** Starts delivery of queued events to asynchronous listeners; call it after the lock. */
  public void startAsync() {
    for (ListenerRegistration<K, V> r : registrations) {
      if (!r.isSynchronous()) {
        r.start();
      }
    }
  }

  /**
   * Delivers events to every synchronous listener on the calling thread, in order; the first
   * failure is rethrown after all were called.
   *
   * @param events the events of one operation
   * @throws CacheEntryListenerException if a synchronous listener failed
   */
  public void deliverSync(List<CacheEntryEvent<K, V>> events) {
    CacheEntryListenerException failure = null;
    for (CacheEntryEvent<K, V> event : events) {
      for (ListenerRegistration<K, V> r : registrations) {
        if (!r.isSynchronous()) {
          continue;
        }
        try {
          r.deliverNow(event);
        } catch (CacheEntryListenerException e) {
          if (failure == null) {
            failure = e;
          }
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
    refreshFlags();
  }

  private void refreshFlags() {
    boolean sync = false;
    for (ListenerRegistration<K, V> r : registrations) {
      sync |= r.isSynchronous();
    }
    anySync = sync;
    any = !registrations.isEmpty();
  }
}
