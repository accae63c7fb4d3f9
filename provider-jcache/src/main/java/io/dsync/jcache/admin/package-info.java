/**
 * The JCache part of the node's admin REST API (JAX-RS resources over {@link
 * io.dsync.jcache.admin.CacheOperations}) and the {@link io.dsync.spi.NodeService} that registers
 * it.
 */
package io.dsync.jcache.admin;
