package io.dsync.cluster;

/** What the failure detector believes about a member. */
public enum Liveness {
  /** Heard from within the failure timeout. */
  ALIVE,
  /** Not heard from within the failure timeout (or never heard from yet). */
  SUSPECT
}
