package io.dsync.lock.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cycle search in the wait-for graph, which is never stored: an owner's outgoing edges are
 * computed from the resource it waits for ({@link ResourceState#blockersOf}).
 *
 * <p>The table keeps the graph acyclic, and edges only ever appear when a request queues (a grant
 * gives its owner no outgoing edge, since an owner waits for one thing at a time). So a cycle can
 * only close at the moment a request would queue, and it then runs through that request, which
 * is the youngest in the cycle: that request is the one refused. A breadth-first search from the
 * request finds the shortest such cycle in time linear in the reachable part of the graph.
 */
final class WaitForGraph {
  private final Map<Owner, Waiter> waiting;
  private final Map<String, ResourceState> resources;

  WaitForGraph(Map<Owner, Waiter> waiting, Map<String, ResourceState> resources) {
    this.waiting = waiting;
    this.resources = resources;
  }

  /**
   * The cycle that {@code start} waiting for {@code resource} in {@code mode} would close, as
   * edges beginning with {@code start}'s, or an empty list if there is none.
   */
  List<WaitEdge> cycleIfWaits(Owner start, ResourceState resource, LockMode mode) {
    Map<Owner, WaitEdge> reachedBy = new HashMap<>(); // lookups only; order comes from the deque
    ArrayDeque<Owner> frontier = new ArrayDeque<>();
    for (Owner b : resource.blockersOf(start, mode)) {
      if (!reachedBy.containsKey(b)) {
        reachedBy.put(b, new WaitEdge(start, resource.name, b));
        frontier.add(b);
      }
    }
    while (!frontier.isEmpty()) {
      Owner x = frontier.poll();
      Waiter w = waiting.get(x);
      if (w == null) {
        continue;
      }
      ResourceState rx = resources.get(w.resource());
      for (Owner b : rx.blockersOf(x, w.mode())) {
        WaitEdge edge = new WaitEdge(x, w.resource(), b);
        if (b.equals(start)) {
          return path(reachedBy, start, edge);
        }
        if (!reachedBy.containsKey(b)) {
          reachedBy.put(b, edge);
          frontier.add(b);
        }
      }
    }
    return List.of();
  }

  private static List<WaitEdge> path(Map<Owner, WaitEdge> reachedBy, Owner start, WaitEdge last) {
    List<WaitEdge> edges = new ArrayList<>();
    edges.add(last);
    Owner cur = last.waiter();
    while (!cur.equals(start)) {
      WaitEdge e = reachedBy.get(cur);
      edges.add(e);
      cur = e.waiter();
    }
    Collections.reverse(edges);
    return edges;
  }
}
