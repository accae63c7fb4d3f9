package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Grants of exclusive locks as their holders saw them (one clock: {@link System#nanoTime} of one
 * JVM), and the check that they were exclusive: per resource, in grant order, a holder's interval
 * ends before the next one starts and fences grow strictly; no fence is issued twice (the table
 * has one counter for every resource). Thread-safe to record into.
 */
final class GrantHistory {
  /** One grant: what resource, with what fence, to which client, held from start to end. */
  record Grant(String resource, long fence, int holder, long startNanos, long endNanos) {}

  private final List<Grant> grants = new ArrayList<>();

  synchronized void add(Grant g) {
    grants.add(g);
  }

  synchronized int size() {
    return grants.size();
  }

  synchronized List<Grant> snapshot() {
    return List.copyOf(grants);
  }

  /** Fails with the offending pair if the grants were not exclusive. */
  void check() {
    List<Grant> all = snapshot();
    assertThat(all).as("grants").isNotEmpty();
    Set<Long> fences = new HashSet<>();
    for (Grant g : all) {
      assertThat(fences.add(g.fence())).as("fence " + g.fence() + " granted twice").isTrue();
    }
    Map<String, List<Grant>> byResource = all.stream().collect(Collectors.groupingBy(Grant::resource));
    for (List<Grant> list : byResource.values()) {
      List<Grant> ordered = new ArrayList<>(list);
      ordered.sort(Comparator.comparingLong(Grant::startNanos));
      for (int i = 1; i < ordered.size(); i++) {
        Grant before = ordered.get(i - 1);
        Grant after = ordered.get(i);
        assertThat(after.startNanos()).as(before + " overlaps " + after).isGreaterThan(before.endNanos());
        assertThat(after.fence()).as("fence order of " + before + " then " + after).isGreaterThan(before.fence());
      }
    }
  }
}
