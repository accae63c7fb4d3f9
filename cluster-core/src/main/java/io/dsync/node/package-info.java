/**
 * A dsync node: {@link io.dsync.node.Node} wires transport, membership, ring, services and admin;
 * {@link io.dsync.node.NodeConfigLoader} reads file, {@code DSYNC_*} environment and flags;
 * {@link io.dsync.node.DsyncMain} is the Java side of the {@code dsync} launcher. See
 * docs/configuration.md and docs/operations.md.
 */
package io.dsync.node;
