package io.dsync.raft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/** A hand-stepped network of cores for unit tests: persistence is instant, delivery explicit. */
final class CoreNet {
  record Msg(String from, String to, RaftMessage message) {}

  final RaftConfig cfg;
  final Map<String, RaftCore> cores = new TreeMap<>();
  final ArrayDeque<Msg> queue = new ArrayDeque<>();
  final Map<String, List<Effects>> effects = new TreeMap<>();
  long now;

  CoreNet(RaftConfig cfg) {
    this.cfg = cfg;
  }

  static RaftConfig config() {
    return RaftConfig.defaults().withTimeouts(100, 10);
  }

  static CoreNet of(String... ids) {
    CoreNet net = new CoreNet(config());
    for (String id : ids) {
      net.add(id, PersistedState.EMPTY, Membership.of(ids));
    }
    return net;
  }

  RaftCore add(String id, PersistedState state, Membership boot) {
    RaftCore c = new RaftCore(id, cfg, new Random(id.hashCode()), state, boot, now);
    cores.put(id, c);
    return c;
  }

  RaftCore get(String id) {
    return cores.get(id);
  }

  /** Records effects, makes them durable at once, queues the messages. */
  Effects handle(String id, Effects e) {
    effects.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
    for (Outbound o : e.messages()) {
      queue.add(new Msg(id, o.to(), o.message()));
    }
    if (e.needsPersist()) {
      handle(id, get(id).onPersisted(e.lastIndex(), e.lastTerm(), now));
    }
    return e;
  }

  Effects tick(String id) {
    return handle(id, get(id).onTick(now));
  }

  /** Delivers queued messages (and the ones they cause) except those {@code drop} matches. */
  int deliverAll(Predicate<Msg> drop) {
    int n = 0;
    while (!queue.isEmpty()) {
      Msg m = queue.poll();
      RaftCore to = cores.get(m.to());
      if (to == null || drop.test(m)) {
        continue;
      }
      handle(m.to(), to.onMessage(m.from(), m.message(), now));
      n++;
    }
    return n;
  }

  int deliverAll() {
    return deliverAll(m -> false);
  }

  /** Lets {@code id}'s election timer fire and delivers everything: it should win. */
  void elect(String id) {
    now += 2 * cfg.electionTimeoutMillis() + 1;
    tick(id);
    deliverAll();
  }

  List<LogEntry> committed(String id) {
    List<LogEntry> all = new ArrayList<>();
    for (Effects e : effects.getOrDefault(id, List.of())) {
      all.addAll(e.committed());
    }
    return all;
  }
}
