/** JMH benchmarks of JCache providers side by side (dsync, Caffeine JCache, Ehcache 3). */
package io.dsync.bench.jcache;
