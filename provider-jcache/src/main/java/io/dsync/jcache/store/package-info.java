/**
 * dsync's cache storage engine: the {@link io.dsync.jcache.store.Store} interface and the local
 * concurrent store with O(1) LRU eviction and lazy (read-time) expiry.
 */
package io.dsync.jcache.store;
