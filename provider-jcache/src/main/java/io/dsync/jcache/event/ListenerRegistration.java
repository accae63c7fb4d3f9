package io.dsync.jcache.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * One registered listener: its configuration, the listener and filter the factories made, and,
 * for an asynchronous listener, a serial queue so that it sees the events of a key in order.
 *
 * <p>Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ListenerRegistration<K, V> {

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final Executor executor;
  private final ArrayDeque<CacheEntryEvent<K, V>> pending = new ArrayDeque<>();
  private boolean draining;

  /**
   * Creates the listener and filter from the configuration's factories.
   *
   * @param configuration the registration's configuration
   * @param executor runs asynchronous deliveries
   */
  public ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor executor) {
    this.configuration = configuration;
    Factory<javax.cache.event.CacheEntryListener<? super K, ? super V>> lf =
        configuration.getCacheEntryListenerFactory();
    if (lf == null) {
      throw new IllegalArgumentException("listener configuration has no listener factory");
    }
    this.listener = lf.create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> ff =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = ff == null ? null : ff.create();
    this.executor = executor;
  }

  /**
   * Returns the configuration this registration was made from.
   *
   * @return the configuration
   */
  public CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  /**
   * Whether the listener wants events of this type.
   *
   * @param event the event
   * @return true if the listener implements the matching sub-interface
   */
  boolean accepts(CacheEntryEvent<K, V> event) {
    switch (event.getEventType()) {
      case CREATED:
        return listener instanceof CacheEntryCreatedListener;
      case UPDATED:
        return listener instanceof CacheEntryUpdatedListener;
      case REMOVED:
        return listener instanceof CacheEntryRemovedListener;
      case EXPIRED:
        return listener instanceof CacheEntryExpiredListener;
      default:
        return false;
    }
  }

  /**
   * Whether the listener is called on the thread that made the change.
   *
   * @return true for a synchronous listener
   */
  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /**
   * Calls a synchronous listener with an event it wants and its filter passes; exceptions
   * propagate as {@link CacheEntryListenerException}.
   *
   * @param event the event
   */
  void deliverNow(CacheEntryEvent<K, V> event) {
    if (accepts(event) && passes(event)) {
      invoke(event);
    }
  }

  /**
   * Queues an event for an asynchronous listener; cheap and non-blocking, so the cache calls it
   * under the key's lock to keep each key's events in the store's order.
   *
   * @param event the event
   */
  void enqueue(CacheEntryEvent<K, V> event) {
    if (!accepts(event)) {
      return;
    }
    synchronized (pending) {
      pending.add(event);
    }
  }

  /** Starts delivering queued events on the executor unless a delivery is already running. */
  void start() {
    synchronized (pending) {
      if (draining || pending.isEmpty()) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drainAsync);
  }

  private void drainAsync() {
    while (true) {
      CacheEntryEvent<K, V> event;
      synchronized (pending) {
        event = pending.poll();
        if (event == null) {
          draining = false;
          return;
        }
      }
      try {
        if (passes(event)) {
          invoke(event);
        }
      } catch (RuntimeException e) {
        // an asynchronous listener's failure cannot reach the caller; it must not stop the queue
      }
    }
  }

  private boolean passes(CacheEntryEvent<K, V> event) {
    return filter == null || filter.evaluate(event);
  }

  @SuppressWarnings("unchecked")
  private void invoke(CacheEntryEvent<K, V> event) {
    List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
    try {
      switch (event.getEventType()) {
        case CREATED:
          ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
          break;
        case UPDATED:
          ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
          break;
        case REMOVED:
          ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
          break;
        case EXPIRED:
          ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
          break;
        default:
          break;
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException(e);
    }
  }

  /** Closes the listener and filter if they are {@link Closeable} or {@link AutoCloseable}. */
  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(Object o) {
    if (o instanceof AutoCloseable) {
      try {
        ((AutoCloseable) o).close();
      } catch (IOException e) {
        // closing is best effort
      } catch (Exception e) {
        // closing is best effort
      }
    }
  }
}
