/**
 * The plugin SPI: a service implements {@link io.dsync.spi.NodeService}, lists itself in {@code
 * META-INF/services/io.dsync.spi.NodeService}, and receives a {@link io.dsync.spi.ServiceContext}
 * (transport, router, messages, membership, ring, data folder, metrics, admin registry). Services
 * start in dependency order ({@link io.dsync.spi.ServiceOrder}) and stop in reverse.
 */
package io.dsync.spi;
