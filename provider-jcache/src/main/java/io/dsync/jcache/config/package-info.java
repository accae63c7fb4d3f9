/** dsync's vendor configuration of JCache caches: capacity, coherence mode, clock, executor. */
package io.dsync.jcache.config;
