package io.dsync.wire;

/**
 * A message that can cross a {@link io.dsync.net.Transport}. Implementations are immutable
 * (records, as a rule) and have a codec registered in a {@link MessageRegistry} under a type id.
 *
 * <p>Type id ranges: 1–99 cluster core (handshake, heartbeats, membership), 100–199 Raft,
 * 1000–1999 lock-jcp, 2000–2999 provider-jcache, 3000–3999 provider-jms. See docs/wire-protocol.md.
 */
public interface Message {}
