package io.dsync.spi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Orders services so that each starts after the services it {@link NodeService#dependsOn}. Pure:
 * ties are broken by name, so the order is the same on every run and every node.
 */
public final class ServiceOrder {
  private ServiceOrder() {}

  /**
   * The start order (stop in reverse).
   *
   * @throws ServiceStartupException naming the service, for a duplicate name, a dependency that
   *     is not on the class path, or a cycle (the cycle is spelled out)
   */
  public static List<NodeService> order(List<? extends NodeService> services) {
    Map<String, NodeService> byName = new TreeMap<>();
    for (NodeService service : services) {
      String name = service.name();
      if (name == null || name.isBlank()) {
        throw new ServiceStartupException(
            "service " + service.getClass().getName() + " has no name");
      }
      NodeService previous = byName.putIfAbsent(name, service);
      if (previous != null) {
        throw new ServiceStartupException("two services are named '" + name + "': "
            + previous.getClass().getName() + " and " + service.getClass().getName());
      }
    }
    for (NodeService service : byName.values()) {
      for (String dependency : service.dependsOn()) {
        if (!byName.containsKey(dependency)) {
          throw new ServiceStartupException("service '" + service.name() + "' depends on '"
              + dependency + "', which is not on the class path (found: " + byName.keySet() + ")");
        }
      }
    }
    List<NodeService> ordered = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    TreeSet<String> ready = new TreeSet<>();
    Map<String, Set<String>> waiting = new TreeMap<>();
    for (NodeService service : byName.values()) {
      Set<String> deps = new TreeSet<>(service.dependsOn());
      if (deps.isEmpty()) {
        ready.add(service.name());
      } else {
        waiting.put(service.name(), deps);
      }
    }
    while (!ready.isEmpty()) {
      String next = ready.pollFirst();
      ordered.add(byName.get(next));
      done.add(next);
      for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        entry.getValue().remove(next);
        if (entry.getValue().isEmpty()) {
          ready.add(entry.getKey());
          it.remove();
        }
      }
    }
    if (!waiting.isEmpty()) {
      throw new ServiceStartupException("service dependency cycle: " + cycle(byName, waiting.keySet()));
    }
    return List.copyOf(ordered);
  }

  /** One cycle among the blocked services, as {@code a -> b -> a}. */
  private static String cycle(Map<String, NodeService> byName, Set<String> blocked) {
    String start = blocked.iterator().next();
    Deque<String> path = new ArrayDeque<>();
    List<String> visited = new ArrayList<>();
    String current = start;
    while (!visited.contains(current)) {
      visited.add(current);
      path.addLast(current);
      current = new TreeSet<>(byName.get(current).dependsOn()).stream()
          .filter(blocked::contains).findFirst().orElseThrow();
    }
    List<String> loop = visited.subList(visited.indexOf(current), visited.size());
    return String.join(" -> ", loop) + " -> " + current;
  }
}
