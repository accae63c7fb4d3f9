package io.dsync.jcache;

import io.dsync.jcache.config.DsyncConfiguration;
import io.dsync.jcache.config.Ticker;
import io.dsync.jcache.event.EventDispatcher;
import io.dsync.jcache.management.CacheConfigurationBean;
import io.dsync.jcache.management.CacheStatistics;
import io.dsync.jcache.management.MBeans;
import io.dsync.jcache.store.Line;
import io.dsync.jcache.store.Store;
import io.dsync.jcache.store.Stores;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;

/**
 * dsync's JSR-107 {@link Cache}: the specification's semantics (expiry, read-through,
 * write-through, listeners, entry processors, statistics) over a {@link Store}.
 *
 * <p>Every method is thread-safe. Updates of one key are atomic: the writer, the entry processor
 * and the store update run under the key's lock; listeners are called after it, on the calling
 * thread for synchronous listeners. Methods block only while a loader, writer, synchronous
 * listener or entry processor runs. Operations on a closed cache throw
 * {@link IllegalStateException}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DsyncCache<K, V> implements Cache<K, V> {

  private static final long UNCHANGED = Long.MIN_VALUE;

  private final DsyncCacheManager manager;
  private final String name;
  private final DsyncConfiguration<K, V> configuration;
  private final Store store;
  private final Copier copier;
  private final ExpiryPolicy expiry;
  private final boolean eternal;
  private final CacheLoader<K, V> loader;
  private final boolean readThrough;
  private final CacheWriter<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics = new CacheStatistics();
  private final Ticker ticker;
  private final Executor executor;
  private final Class<?> keyType;
  private final Class<?> valueType;
  private final ObjectName statisticsName;
  private final ObjectName configurationName;
  private static final int SWEEP_BATCH = 4;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private Iterator<Line> sweepCursor; // guarded by sweeping
  private volatile boolean statisticsEnabled;
  private volatile boolean closed;

  @SuppressWarnings("unchecked")
  DsyncCache(DsyncCacheManager manager, String name, DsyncConfiguration<K, V> configuration) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.ticker = configuration.getTicker();
    this.executor =
        configuration.getExecutor() != null ? configuration.getExecutor() : ForkJoinPool.commonPool();
    this.copier =
        configuration.isStoreByValue() ? new SerializingCopier(manager.getClassLoader()) : Copier.IDENTITY;
    this.expiry =
        configuration.getExpiryPolicyFactory() == null
            ? new EternalExpiryPolicy()
            : configuration.getExpiryPolicyFactory().create();
    this.eternal = expiry instanceof EternalExpiryPolicy;
    this.loader =
        configuration.getCacheLoaderFactory() == null
            ? null
            : (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create();
    this.readThrough = configuration.isReadThrough() && loader != null;
    this.writer =
        configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
            ? (CacheWriter<K, V>) configuration.getCacheWriterFactory().create()
            : null;
    this.keyType = configuration.getKeyType();
    this.valueType = configuration.getValueType();
    this.store = Stores.create(configuration.getCoherenceMode(), configuration.getCapacity(), line -> {
      if (statisticsEnabled) {
        statistics.recordEvictions(1);
      }
    });
    this.events = new EventDispatcher<>(this, executor);
    for (CacheEntryListenerConfiguration<K, V> l : configuration.getCacheEntryListenerConfigurations()) {
      events.register(l);
    }
    String uri = manager.getURI().toString();
    this.statisticsName = MBeans.name(MBeans.Kind.CacheStatistics, uri, name);
    this.configurationName = MBeans.name(MBeans.Kind.CacheConfiguration, uri, name);
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    checkOpen();
    requireKey(key);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    V value = getValue(key);
    if (start != 0L) {
      statistics.recordGetTime(System.nanoTime() - start);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private V getValue(K key) {
    Line line = store.get(key);
    if (line != null) {
      if (eternal && line.expireAtMillis() == Line.ETERNAL) {
        if (statisticsEnabled) {
          statistics.recordHits(1);
        }
        return (V) copier.fromStored(line.value());
      }
      long now = now();
      if (!line.isExpired(now)) {
        Object stored = line.value();
        touch(line, now);
        if (statisticsEnabled) {
          statistics.recordHits(1);
        }
        return (V) copier.fromStored(stored);
      }
      expire(line);
    }
    if (statisticsEnabled) {
      statistics.recordMisses(1);
    }
    return readThrough ? loadOne(key) : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    requireKeys(keys);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    Map<K, V> result = new HashMap<>();
    List<K> missing = new ArrayList<>();
    long now = now();
    for (K key : keys) {
      Line line = store.get(key);
      if (line != null && !line.isExpired(now)) {
        Object stored = line.value();
        touch(line, now);
        result.put(key, (V) copier.fromStored(stored));
      } else {
        if (line != null) {
          expire(line);
        }
        missing.add(key);
      }
    }
    if (statisticsEnabled) {
      statistics.recordHits(result.size());
      statistics.recordMisses(missing.size());
    }
    if (readThrough && !missing.isEmpty()) {
      loadAndStore(missing, false, result);
    }
    if (start != 0L) {
      statistics.recordGetTime(System.nanoTime() - start);
    }
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    requireKey(key);
    Line line = store.peek(key);
    if (line == null) {
      return false;
    }
    if (line.isExpired(now())) {
      expire(line);
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- loading

  private V loadOne(K key) {
    V value;
    try {
      value = loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("loader failed for key " + key, e);
    }
    if (value == null) {
      return null;
    }
    checkValueType(value);
    storeLoaded(key, value, false);
    return value;
  }

  private Map<K, V> loadMany(Collection<K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("loader failed", e);
    }
    return loaded == null ? Map.of() : loaded;
  }

  /**
   * Loads keys in one batch and stores each entry the loader returned with a non-null key and
   * value, also putting it into {@code into} when that is not null.
   */
  private void loadAndStore(Collection<K> keys, boolean replaceExisting, Map<K, V> into) {
    for (Map.Entry<K, V> e : loadMany(keys).entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        storeLoaded(e.getKey(), e.getValue(), replaceExisting);
        if (into != null) {
          into.put(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** Stores a loaded value without writing through; fires CREATED or UPDATED. */
  @SuppressWarnings("unchecked")
  private void storeLoaded(K key, V value, boolean replaceExisting) {
    long now = now();
    Object storedKey = copier.copyKey(key);
    Object storedValue = copier.toStored(value);
    Object[] old = new Object[1];
    EventType[] type = new EventType[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(storedKey, withEvents(ev, cur -> {
      if (cur != null && !cur.isExpired(now)) {
        if (!replaceExisting) {
          return cur;
        }
        old[0] = cur.value();
        update(cur, storedValue, now);
        type[0] = EventType.UPDATED;
        return cur;
      }
      return create(storedKey, storedValue, now, type);
    }, () -> {
      ev.add(type[0], key, value, old[0]);
    }));
    if (type[0] == EventType.CREATED) {
      sweepExpired();
    }
    finish(ev);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    checkOpen();
    requireKeys(keys);
    CompletionListener done = listener == null ? NO_COMPLETION : listener;
    if (loader == null) {
      done.onCompletion();
      return;
    }
    List<K> toLoad = new ArrayList<>(keys);
    executor.execute(() -> {
      try {
        List<K> wanted = new ArrayList<>();
        long now = now();
        for (K key : toLoad) {
          Line line = store.peek(key);
          if (replaceExistingValues || line == null || line.isExpired(now)) {
            wanted.add(key);
          }
        }
        if (!wanted.isEmpty()) {
          loadAndStore(wanted, replaceExistingValues, null);
        }
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e instanceof CacheLoaderException ? e : new CacheLoaderException(e));
      }
    });
  }

  private static final CompletionListener NO_COMPLETION =
      new CompletionListener() {
        @Override
        public void onCompletion() {}

        @Override
        public void onException(Exception e) {}
      };

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    checkOpen();
    requireKey(key);
    requireValue(value);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    putOne(key, value, true, false);
    if (start != 0L) {
      statistics.recordPutTime(System.nanoTime() - start);
    }
  }

  @Override
  public V getAndPut(K key, V value) {
    checkOpen();
    requireKey(key);
    requireValue(value);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    V old = putOne(key, value, true, true);
    if (start != 0L) {
      long elapsed = System.nanoTime() - start;
      statistics.recordPutTime(elapsed);
      statistics.recordGetTime(elapsed);
    }
    return old;
  }

  /** Puts one entry; returns the old value when {@code wantOld}. */
  @SuppressWarnings("unchecked")
  private V putOne(K key, V value, boolean writeThrough, boolean wantOld) {
    long now = now();
    Object storedKey = copier.copyKey(key);
    Object storedValue = copier.toStored(value);
    Object[] old = new Object[1];
    Line[] expired = new Line[1];
    EventType[] type = new EventType[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(storedKey, withEvents(ev, cur -> {
      if (writeThrough && writer != null) {
        write(key, value);
      }
      Line live = live(cur, now, expired);
      if (live != null) {
        old[0] = live.value();
        update(live, storedValue, now);
        type[0] = EventType.UPDATED;
        return live;
      }
      return create(storedKey, storedValue, now, type);
    }, () -> {
      ev.expired(expired[0]);
      ev.add(type[0], key, value, old[0]);
    }));
    if (type[0] == EventType.CREATED) {
      sweepExpired();
    }
    if (statisticsEnabled) {
      if (type[0] != null) {
        statistics.recordPuts(1);
      }
      if (wantOld) {
        recordHitOrMiss(old[0] != null);
      }
    }
    finish(ev);
    V oldValue = null;
    if (old[0] != null && wantOld) {
      oldValue = (V) copier.fromStored(old[0]);
    }
    return oldValue;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    Objects.requireNonNull(map, "map must not be null");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      requireKey(e.getKey());
      requireValue(e.getValue());
    }
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    Set<Object> failed = Collections.emptySet();
    CacheWriterException failure = null;
    if (writer != null && !map.isEmpty()) {
      List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(map.size());
      for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
        entries.add(new DsyncCacheEntry<>(e.getKey(), e.getValue()));
      }
      try {
        writer.writeAll(entries);
      } catch (Exception e) {
        failure = writerFailure(e);
        failed = new HashSet<>();
        for (Cache.Entry<? extends K, ? extends V> entry : entries) {
          failed.add(entry.getKey());
        }
      }
    }
    // the writer leaves in its batch what it failed to write: those entries are not stored
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      if (!failed.contains(e.getKey())) {
        putOne(e.getKey(), e.getValue(), false, false);
      }
    }
    if (start != 0L) {
      statistics.recordPutTime(System.nanoTime() - start);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    requireKey(key);
    requireValue(value);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    long now = now();
    Object storedKey = copier.copyKey(key);
    Object storedValue = copier.toStored(value);
    boolean[] absent = new boolean[1];
    boolean[] created = new boolean[1];
    Line[] expired = new Line[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(storedKey, withEvents(ev, cur -> {
      if (live(cur, now, expired) != null) {
        return cur;
      }
      absent[0] = true;
      if (writer != null) {
        write(key, value);
      }
      long at = creationExpiry(now);
      if (at <= now) {
        return null;
      }
      created[0] = true;
      return new Line(storedKey, storedValue, at);
    }, () -> {
      ev.expired(expired[0]);
      if (created[0]) {
        ev.add(EventType.CREATED, key, value, null);
      }
    }));
    if (created[0]) {
      sweepExpired();
    }
    if (statisticsEnabled) {
      recordHitOrMiss(!absent[0]);
      if (created[0]) {
        statistics.recordPuts(1);
      }
      statistics.recordPutTime(System.nanoTime() - start);
    }
    finish(ev);
    return absent[0];
  }

  // ---------------------------------------------------------------- removal

  @Override
  public boolean remove(K key) {
    checkOpen();
    requireKey(key);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    Object old = removeOne(key, true);
    if (start != 0L) {
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    return old != null;
  }

  /** Removes a key; returns the stored form of the removed value, or null. */
  @SuppressWarnings("unchecked")
  private Object removeOne(Object key, boolean writeThrough) {
    long now = now();
    Object[] old = new Object[1];
    Line[] expired = new Line[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(key, withEvents(ev, cur -> {
      if (writeThrough && writer != null) {
        delete(key);
      }
      Line live = live(cur, now, expired);
      if (live != null) {
        old[0] = live.value();
      }
      return null;
    }, () -> {
      ev.expired(expired[0]);
      if (old[0] != null) {
        ev.add(EventType.REMOVED, (K) key, null, old[0]);
      }
    }));
    if (old[0] != null && statisticsEnabled) {
      statistics.recordRemovals(1);
    }
    finish(ev);
    return old[0];
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean remove(K key, V oldValue) {
    checkOpen();
    requireKey(key);
    requireValue(oldValue);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    long now = now();
    Object[] removed = new Object[1];
    boolean[] hit = new boolean[1];
    Line[] expired = new Line[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(key, withEvents(ev, cur -> ifValueEquals(cur, now, oldValue, hit, expired, live -> {
      if (writer != null) {
        delete(key);
      }
      removed[0] = live.value();
      return null;
    }), () -> {
      ev.expired(expired[0]);
      if (removed[0] != null) {
        ev.add(EventType.REMOVED, key, null, removed[0]);
      }
    }));
    if (statisticsEnabled) {
      recordHitOrMiss(hit[0]);
      if (removed[0] != null) {
        statistics.recordRemovals(1);
      }
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    finish(ev);
    return removed[0] != null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getAndRemove(K key) {
    checkOpen();
    requireKey(key);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    Object old = removeOne(key, true);
    if (statisticsEnabled) {
      recordHitOrMiss(old != null);
      long elapsed = System.nanoTime() - start;
      statistics.recordRemoveTime(elapsed);
      statistics.recordGetTime(elapsed);
    }
    return old == null ? null : (V) copier.fromStored(old);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    requireKeys(keys);
    removeKeys(new ArrayList<Object>(keys));
  }

  @Override
  public void removeAll() {
    checkOpen();
    List<Object> keys = new ArrayList<>();
    long now = now();
    for (Iterator<Line> it = store.iterator(); it.hasNext(); ) {
      Line line = it.next();
      if (line.isExpired(now)) {
        expire(line);
      } else {
        keys.add(line.key());
      }
    }
    removeKeys(keys);
  }

  private void removeKeys(List<Object> keys) {
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    Set<Object> failed = Collections.emptySet();
    CacheWriterException failure = null;
    if (writer != null && !keys.isEmpty()) {
      List<Object> pending = new ArrayList<>(keys);
      try {
        deleteAll(pending);
      } catch (CacheWriterException e) {
        failure = e;
        failed = new HashSet<>(pending);
      }
    }
    // the writer leaves in its batch what it failed to delete: those keys stay
    for (Object key : keys) {
      if (!failed.contains(key)) {
        removeOne(key, false);
      }
    }
    if (start != 0L) {
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void clear() {
    checkOpen();
    store.clear();
  }

  // ---------------------------------------------------------------- replace

  @Override
  @SuppressWarnings("unchecked")
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    requireKey(key);
    requireValue(oldValue);
    requireValue(newValue);
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    long now = now();
    Object storedNew = copier.toStored(newValue);
    boolean[] hit = new boolean[1];
    Object[] replaced = new Object[1];
    Line[] expired = new Line[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(key, withEvents(ev, cur -> ifValueEquals(cur, now, oldValue, hit, expired, live -> {
      if (writer != null) {
        write(key, newValue);
      }
      replaced[0] = live.value();
      update(live, storedNew, now);
      return live;
    }), () -> {
      ev.expired(expired[0]);
      if (replaced[0] != null) {
        ev.add(EventType.UPDATED, key, newValue, replaced[0]);
      }
    }));
    if (statisticsEnabled) {
      recordHitOrMiss(hit[0]);
      if (replaced[0] != null) {
        statistics.recordPuts(1);
        statistics.recordPutTime(System.nanoTime() - start);
      }
    }
    finish(ev);
    return replaced[0] != null;
  }

  @Override
  public boolean replace(K key, V value) {
    checkOpen();
    requireKey(key);
    requireValue(value);
    return replaceOne(key, value) != null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getAndReplace(K key, V value) {
    checkOpen();
    requireKey(key);
    requireValue(value);
    Object old = replaceOne(key, value);
    return old == null ? null : (V) copier.fromStored(old);
  }

  /** Replaces the value of a present key; returns the stored form of the old value, or null. */
  @SuppressWarnings("unchecked")
  private Object replaceOne(K key, V value) {
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    long now = now();
    Object storedNew = copier.toStored(value);
    Object[] old = new Object[1];
    Line[] expired = new Line[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(key, withEvents(ev, cur -> {
      Line live = live(cur, now, expired);
      if (live == null) {
        return null;
      }
      if (writer != null) {
        write(key, value);
      }
      old[0] = live.value();
      update(live, storedNew, now);
      return live;
    }, () -> {
      ev.expired(expired[0]);
      if (old[0] != null) {
        ev.add(EventType.UPDATED, key, value, old[0]);
      }
    }));
    if (statisticsEnabled) {
      if (old[0] != null) {
        statistics.recordHits(1);
        statistics.recordPuts(1);
        statistics.recordPutTime(System.nanoTime() - start);
      } else {
        statistics.recordMisses(1);
      }
    }
    finish(ev);
    return old[0];
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  @SuppressWarnings("unchecked")
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "entry processor must not be null");
    long start = statisticsEnabled ? System.nanoTime() : 0L;
    long now = now();
    Object storedKey = copier.copyKey(key);
    Object[] result = new Object[1];
    Object[] old = new Object[1];
    Line[] expired = new Line[1];
    boolean[] hit = new boolean[1];
    EventType[] type = new EventType[1];
    ProcessorEntry<K, V>[] seen = new ProcessorEntry[1];
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    try {
      store.compute(storedKey, withEvents(ev, cur -> {
        Line live = live(cur, now, expired);
        hit[0] = live != null;
        ProcessorEntry<K, V> entry =
            new ProcessorEntry<>(
                key, live == null ? null : (V) copier.fromStored(live.value()), live != null,
                readThrough ? loader : null);
        seen[0] = entry;
        result[0] = entryProcessor.process(entry, arguments);
        return apply(entry, live, storedKey, now, old, type);
      }, () -> {
        ev.expired(expired[0]);
        ev.add(type[0], key, seen[0].value(), old[0]);
      }));
    } catch (EntryProcessorException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EntryProcessorException(e);
    }
    if (statisticsEnabled) {
      recordHitOrMiss(hit[0]);
      if (type[0] == EventType.CREATED || type[0] == EventType.UPDATED) {
        if (seen[0].op() != ProcessorEntry.Op.LOAD) {
          statistics.recordPuts(1);
        }
      } else if (type[0] == EventType.REMOVED) {
        statistics.recordRemovals(1);
      }
      statistics.recordGetTime(System.nanoTime() - start);
    }
    finish(ev);
    return (T) result[0];
  }

  /** Applies a processor's net effect inside the key's compute. */
  private Line apply(
      ProcessorEntry<K, V> entry, Line live, Object storedKey, long now, Object[] old, EventType[] type) {
    switch (entry.op()) {
      case ACCESS:
        touch(live, now);
        return live;
      case CREATE:
        checkValueType(entry.value());
        if (writer != null) {
          write(entry.getKey(), entry.value());
        }
        // fall through: a created entry is stored like a loaded one
      case LOAD: {
        long at = creationExpiry(now);
        if (at <= now) {
          return null;
        }
        type[0] = EventType.CREATED;
        return new Line(storedKey, copier.toStored(entry.value()), at);
      }
      case UPDATE: {
        checkValueType(entry.value());
        if (writer != null) {
          write(entry.getKey(), entry.value());
        }
        old[0] = live.value();
        update(live, copier.toStored(entry.value()), now);
        type[0] = EventType.UPDATED;
        return live;
      }
      case REMOVE:
        if (writer != null) {
          delete(entry.getKey());
        }
        if (live == null) {
          return null;
        }
        old[0] = live.value();
        type[0] = EventType.REMOVED;
        return null;
      case NONE:
      default:
        return live;
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entry processor must not be null");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T r = invoke(key, entryProcessor, arguments);
        if (r != null) {
          results.put(key, () -> r);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      }
    }
    return results;
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    checkOpen();
    return new EntryIterator(store.iterator());
  }

  /** Iterates live entries; each {@code next} is a read hit; {@code remove} writes through. */
  private final class EntryIterator implements Iterator<Cache.Entry<K, V>> {
    private final Iterator<Line> lines;
    private Cache.Entry<K, V> next;
    private Cache.Entry<K, V> last;

    EntryIterator(Iterator<Line> lines) {
      this.lines = lines;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean hasNext() {
      while (next == null && lines.hasNext()) {
        Line line = lines.next();
        long now = now();
        if (line.isExpired(now)) {
          expire(line);
          continue;
        }
        Object stored = line.value();
        touch(line, now);
        next = new DsyncCacheEntry<>((K) line.key(), (V) copier.fromStored(stored));
      }
      return next != null;
    }

    @Override
    public Cache.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (statisticsEnabled) {
        statistics.recordHits(1);
      }
      last = next;
      next = null;
      return last;
    }

    @Override
    public void remove() {
      if (last == null) {
        throw new IllegalStateException("next() has not been called, or remove() already was");
      }
      checkOpen();
      long start = statisticsEnabled ? System.nanoTime() : 0L;
      removeOne(last.getKey(), true);
      if (start != 0L) {
        statistics.recordRemoveTime(System.nanoTime() - start);
      }
      last = null;
    }
  }

  // ---------------------------------------------------------------- listeners

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration must not be null");
    configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    try {
      events.register(listenerConfiguration);
    } catch (RuntimeException e) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      throw e;
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration must not be null");
    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
    events.deregister(listenerConfiguration);
  }

  /** Wraps a remapping function so that its events are recorded under the key's lock. */
  private static Function<Line, Line> withEvents(Object ev, Function<Line, Line> body, Runnable capture) {
    if (ev == null) {
      return body;
    }
    return cur -> {
      Line result = body.apply(cur);
      capture.run();
      return result;
    };
  }

  /**
   * The events of one operation. Built under the key's lock, where they are queued at once for
   * asynchronous listeners (so each listener sees a key's events in the store's order); handed to
   * synchronous listeners by {@link #finish()} after the lock is released.
   */
  private final class OpEvents {
    private List<CacheEntryEvent<K, V>> sync;

    @SuppressWarnings("unchecked")
    void expired(Line line) {
      if (line != null) {
        V v = (V) copier.fromStored(line.value());
        record(EventType.EXPIRED, (K) line.key(), v, v);
      }
    }

    /** Records an event; for REMOVED and EXPIRED the value is the old value. */
    @SuppressWarnings("unchecked")
    void add(EventType type, K key, V value, Object oldStored) {
      if (type == null) {
        return;
      }
      V old = oldStored == null ? null : (V) copier.fromStored(oldStored);
      V v = type == EventType.REMOVED || type == EventType.EXPIRED ? old : value;
      record(type, key, v, old);
    }

    private void record(EventType type, K key, V value, V old) {
      CacheEntryEvent<K, V> event = events.event(type, key, value, old);
      events.enqueueAsync(event);
      if (events.hasSynchronous()) {
        if (sync == null) {
          sync = new ArrayList<>(2);
        }
        sync.add(event);
      }
    }

    /** Starts asynchronous delivery and calls synchronous listeners; rethrows their failure. */
    void finish() {
      events.startAsync();
      if (sync != null) {
        events.deliverSync(sync);
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle and metadata

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException(
        "the configuration of cache '" + name + "' is not a " + clazz.getName());
  }

  /**
   * Returns the live statistics of this cache (counted only while statistics are enabled).
   *
   * @return the statistics bean
   */
  public CacheStatistics statistics() {
    return statistics;
  }

  /**
   * Returns the number of entries held, expired ones not yet dropped included.
   *
   * @return the entry count
   */
  public long size() {
    return store.size();
  }

  /**
   * Whether {@code key} has a live entry, without counting a read or touching its expiry.
   *
   * @param key the key
   * @return true if present and not expired
   */
  public boolean isPresent(K key) {
    requireKey(key);
    Line line = store.peek(key);
    return line != null && !line.isExpired(now());
  }

  /**
   * Returns up to {@code limit} live entries without counting reads or touching expiry (for
   * administration and monitoring). Weakly consistent; values are copies when storing by value.
   *
   * @param limit the most entries to return
   * @return key to value, in no particular order
   */
  @SuppressWarnings("unchecked")
  public Map<K, V> peekAll(int limit) {
    checkOpen();
    Map<K, V> out = new LinkedHashMap<>();
    long now = now();
    for (Iterator<Line> it = store.iterator(); it.hasNext() && out.size() < limit; ) {
      Line line = it.next();
      if (!line.isExpired(now)) {
        out.put((K) line.key(), (V) copier.fromStored(line.value()));
      }
    }
    return out;
  }

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statisticsEnabled = enabled;
    if (enabled) {
      MBeans.register(statistics, statisticsName);
    } else {
      MBeans.unregister(statisticsName);
    }
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      MBeans.register(new CacheConfigurationBean(configuration), configurationName);
    } else {
      MBeans.unregister(configurationName);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    manager.released(this);
    MBeans.unregister(statisticsName);
    MBeans.unregister(configurationName);
    closeQuietly(loader);
    closeQuietly(writer);
    closeQuietly(expiry);
    events.closeAll();
  }

  void destroy() {
    close();
    store.clear();
  }

  private static void closeQuietly(Object o) {
    if (o instanceof AutoCloseable) {
      try {
        ((AutoCloseable) o).close();
      } catch (Exception e) {
        // closing is best effort
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap cache '" + name + "' to " + clazz.getName());
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Amortized expiry without a thread: each insert examines the next few lines of a cursor that
   * cycles through the store and drops those that have expired, so expired entries nobody reads
   * again are reclaimed in proportion to the write rate. One sweeper at a time; others skip.
   */
  private void sweepExpired() {
    if (eternal || !sweeping.compareAndSet(false, true)) {
      return;
    }
    List<Line> found = null;
    try {
      long now = now();
      for (int i = 0; i < SWEEP_BATCH; i++) {
        if (sweepCursor == null || !sweepCursor.hasNext()) {
          sweepCursor = store.iterator();
          if (!sweepCursor.hasNext()) {
            break;
          }
        }
        Line line = sweepCursor.next();
        if (line.isExpired(now)) {
          if (found == null) {
            found = new ArrayList<>();
          }
          found.add(line);
        }
      }
    } finally {
      sweeping.set(false);
    }
    if (found != null) {
      for (Line line : found) {
        try {
          expire(line);
        } catch (RuntimeException e) {
          // a listener's failure about another key must not fail this caller's write
        }
      }
    }
  }

  private void expire(Line line) {
    OpEvents ev = events.hasListeners() ? new OpEvents() : null;
    store.compute(line.key(), cur -> {
      if (cur != line) {
        return cur;
      }
      if (ev != null) {
        ev.expired(line);
      }
      return null;
    });
    finish(ev);
  }


  /**
   * The current time for expiry decisions. Under the default eternal policy every line is
   * {@link Line#ETERNAL}, so no decision depends on the time and the clock is not read.
   */
  private long now() {
    return eternal ? 0L : ticker.currentTimeMillis();
  }

  /** The line if it is live at {@code now}; otherwise null, noting the line in {@code expired[0]}. */
  private static Line live(Line cur, long now, Line[] expired) {
    if (cur != null && !cur.isExpired(now)) {
      return cur;
    }
    expired[0] = cur;
    return null;
  }

  /**
   * The remapping of a conditional operation: a live line whose value equals {@code expected}
   * goes to {@code onMatch}; another live line is touched and kept. Notes a hit in {@code hit[0]}
   * and an expired line in {@code expired[0]}.
   */
  private Line ifValueEquals(
      Line cur, long now, Object expected, boolean[] hit, Line[] expired, UnaryOperator<Line> onMatch) {
    Line live = live(cur, now, expired);
    if (live == null) {
      return null;
    }
    hit[0] = true;
    if (!expected.equals(copier.fromStored(live.value()))) {
      touch(live, now);
      return live;
    }
    return onMatch.apply(live);
  }

  /** Sets a live line's value and applies update expiry (the policy may leave it unchanged). */
  private void update(Line line, Object storedValue, long now) {
    line.setValue(storedValue);
    long at = updateExpiry(now);
    if (at != UNCHANGED) {
      line.setExpireAtMillis(at);
    }
  }

  /**
   * A new line with creation expiry, recording CREATED in {@code type}; null when the policy makes
   * it expire at once.
   */
  private Line create(Object storedKey, Object storedValue, long now, EventType[] type) {
    long at = creationExpiry(now);
    if (at <= now) {
      return null;
    }
    type[0] = EventType.CREATED;
    return new Line(storedKey, storedValue, at);
  }

  /** Counts one hit or one miss; call only when statistics are enabled. */
  private void recordHitOrMiss(boolean hit) {
    if (hit) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
  }

  /** Delivers an operation's events, if it recorded any. */
  private void finish(OpEvents ev) {
    if (ev != null) {
      ev.finish();
    }
  }

  /** Applies access expiry to a live line. */
  private void touch(Line line, long now) {
    if (eternal) {
      return;
    }
    Duration d;
    try {
      d = expiry.getExpiryForAccess();
    } catch (RuntimeException e) {
      return;
    }
    if (d != null) {
      line.setExpireAtMillis(expireAt(d, now));
    }
  }

  private long creationExpiry(long now) {
    if (eternal) {
      return Line.ETERNAL;
    }
    Duration d;
    try {
      d = expiry.getExpiryForCreation();
    } catch (RuntimeException e) {
      d = Duration.ETERNAL;
    }
    return expireAt(d == null ? Duration.ETERNAL : d, now);
  }

  private long updateExpiry(long now) {
    if (eternal) {
      return UNCHANGED;
    }
    Duration d;
    try {
      d = expiry.getExpiryForUpdate();
    } catch (RuntimeException e) {
      return UNCHANGED;
    }
    return d == null ? UNCHANGED : expireAt(d, now);
  }

  private static long expireAt(Duration d, long now) {
    if (d.isEternal()) {
      return Line.ETERNAL;
    }
    if (d.isZero()) {
      return now;
    }
    long millis = d.getTimeUnit().toMillis(d.getDurationAmount());
    long at = now + millis;
    return at < now ? Line.ETERNAL - 1 : at;
  }

  private void write(K key, V value) {
    try {
      writer.write(new DsyncCacheEntry<>(key, value));
    } catch (Exception e) {
      throw writerFailure(e);
    }
  }

  private void delete(Object key) {
    try {
      writer.delete(key);
    } catch (Exception e) {
      throw writerFailure(e);
    }
  }

  private void deleteAll(Collection<Object> keys) {
    try {
      writer.deleteAll(keys);
    } catch (Exception e) {
      throw writerFailure(e);
    }
  }

  private static CacheWriterException writerFailure(Exception e) {
    return e instanceof CacheWriterException ? (CacheWriterException) e : new CacheWriterException(e);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache '" + name + "' is closed");
    }
  }

  private void requireKey(Object key) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException(
          "cache '" + name + "' takes keys of type " + keyType.getName() + ", not " + key.getClass().getName());
    }
  }

  private void requireValue(Object value) {
    if (value == null) {
      throw new NullPointerException("value must not be null");
    }
    checkValueType(value);
  }

  private void checkValueType(Object value) {
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException(
          "cache '" + name + "' takes values of type " + valueType.getName() + ", not " + value.getClass().getName());
    }
  }

  private void requireKeys(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    for (K key : keys) {
      requireKey(key);
    }
  }

  @Override
  public String toString() {
    return "DsyncCache[" + name + "]";
  }
}
