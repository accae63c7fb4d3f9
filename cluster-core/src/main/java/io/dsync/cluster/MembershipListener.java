package io.dsync.cluster;

/** Told about every liveness change. Called on the membership driver's thread: never block. */
@FunctionalInterface
public interface MembershipListener {

  /** {@code event} happened; {@code view} is the membership right after it. */
  void onChange(MemberEvent event, MembershipView view);
}
