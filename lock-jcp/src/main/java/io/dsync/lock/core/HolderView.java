package io.dsync.lock.core;

/**
 * A holder of a resource, as seen in a {@link LockView}.
 *
 * @param owner the holder
 * @param exclusiveCount its exclusive hold count
 * @param sharedCount its shared hold count
 * @param fence the fencing token of its grant
 */
public record HolderView(Owner owner, int exclusiveCount, int sharedCount, long fence) {}
