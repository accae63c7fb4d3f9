/**
 * Transports: the {@link io.dsync.net.Transport} contract and its TCP ({@link
 * io.dsync.net.NettyTcpTransport}) and in-VM ({@link io.dsync.net.InVmNetwork}) implementations;
 * the simulated one lives in {@code io.dsync.sim} (test-jar). Batching, flush coalescing,
 * bounded queues, reconnects and request timeouts live here, not in the protocols above.
 */
package io.dsync.net;
