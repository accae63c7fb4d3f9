package io.dsync.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.cluster.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashRingTest {

  private static List<NodeId> nodes(int n) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(NodeId.of("node-" + i));
    }
    return ids;
  }

  /** The naive model: every token in a list, linear scans, no binary search. */
  private record Naive(List<Map.Entry<Long, NodeId>> points) {
    static Naive of(List<NodeId> members, int vnodes) {
      List<Map.Entry<Long, NodeId>> points = new ArrayList<>();
      for (NodeId m : members) {
        for (int i = 0; i < vnodes; i++) {
          points.add(Map.entry(HashRing.tokenOf(m, i), m));
        }
      }
      points.sort(Comparator.comparing((Map.Entry<Long, NodeId> e) -> e.getKey())
          .thenComparing(Map.Entry::getValue));
      return new Naive(points);
    }

    int first(long hash) {
      for (int i = 0; i < points.size(); i++) {
        if (points.get(i).getKey() >= hash) {
          return i;
        }
      }
      return 0;
    }

    List<NodeId> preference(long hash, int n) {
      Set<NodeId> out = new LinkedHashSet<>();
      int start = first(hash);
      for (int k = 0; k < points.size(); k++) {
        out.add(points.get((start + k) % points.size()).getValue());
        if (out.size() == n) {
          break;
        }
      }
      return List.copyOf(out);
    }
  }

  @Test
  void ownerAndPreferenceList_randomRings_matchNaiveModel() {
    long seed = 20261124L;
    Random random = new Random(seed);
    for (int round = 0; round < 40; round++) {
      int n = 1 + random.nextInt(8);
      int vnodes = 1 + random.nextInt(40);
      List<NodeId> members = nodes(n);
      HashRing ring = HashRing.of(members, vnodes);
      Naive naive = Naive.of(members, vnodes);
      for (int k = 0; k < 300; k++) {
        String key = "k" + random.nextLong();
        long h = HashRing.hashOf(key);
        int size = 1 + random.nextInt(n + 2);
        assertThat(ring.owner(key)).as("seed %s round %s key %s", seed, round, key)
            .isEqualTo(naive.points().get(naive.first(h)).getValue());
        List<NodeId> pref = ring.preferenceList(key, size);
        assertThat(pref).as("seed %s round %s key %s", seed, round, key)
            .isEqualTo(naive.preference(h, Math.min(size, n)))
            .doesNotHaveDuplicates()
            .hasSize(Math.min(size, n));
        assertThat(pref.get(0)).isEqualTo(ring.owner(key));
      }
    }
  }

  @Test
  void sameMembers_anyOrder_samePlacement() {
    List<NodeId> members = nodes(5);
    List<NodeId> reversed = new ArrayList<>(members);
    java.util.Collections.reverse(reversed);
    HashRing a = HashRing.of(members, 64);
    HashRing b = HashRing.of(reversed, 64);
    assertThat(a).isEqualTo(b);
    for (int i = 0; i < 1000; i++) {
      assertThat(a.preferenceList("key-" + i, 3)).isEqualTo(b.preferenceList("key-" + i, 3));
    }
  }

  @Test
  void withAndWithout_areImmutableAndInverse() {
    HashRing ring = HashRing.of(nodes(3));
    HashRing bigger = ring.with(NodeId.of("node-4"));
    assertThat(ring.members()).hasSize(3);
    assertThat(bigger.members()).hasSize(4);
    assertThat(bigger.without(NodeId.of("node-4"))).isEqualTo(ring);
    assertThat(ring.with(NodeId.of("node-1"))).isSameAs(ring);
    assertThat(ring.without(NodeId.of("node-9"))).isSameAs(ring);
    assertThatThrownBy(() -> ring.members().add(NodeId.of("x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void addOrRemoveOneOfN_movesBetweenHalfAndOneAndAHalfOverN() {
    int keys = 100_000;
    long[] hashes = new long[keys];
    for (int i = 0; i < keys; i++) {
      hashes[i] = HashRing.hashOf("key-" + i);
    }
    for (int n = 3; n <= 20; n++) {
      HashRing ring = HashRing.of(nodes(n));
      HashRing added = ring.with(NodeId.of("node-" + (n + 1)));
      HashRing removed = ring.without(NodeId.of("node-" + (1 + n / 2)));
      int movedAdd = 0;
      int movedRemove = 0;
      for (long h : hashes) {
        NodeId before = ring.ownerOfHash(h);
        NodeId afterAdd = added.ownerOfHash(h);
        NodeId afterRemove = removed.ownerOfHash(h);
        if (!before.equals(afterAdd)) {
          assertThat(afterAdd).isEqualTo(NodeId.of("node-" + (n + 1))); // only to the new one
          movedAdd++;
        }
        if (!before.equals(afterRemove)) {
          assertThat(before).isEqualTo(NodeId.of("node-" + (1 + n / 2))); // only its keys
          movedRemove++;
        }
      }
      double low = 0.5 / n * keys;
      double high = 1.5 / n * keys;
      assertThat((double) movedAdd).as("add to %s nodes", n).isBetween(low, high);
      assertThat((double) movedRemove).as("remove from %s nodes", n).isBetween(low, high);
    }
  }

  @Test
  void tenNodes128Vnodes_mostLoadedAtMostOneAndAQuarterOfMean() {
    HashRing ring = HashRing.of(nodes(10), 128);
    Map<NodeId, Integer> load = new HashMap<>();
    int keys = 100_000;
    for (int i = 0; i < keys; i++) {
      load.merge(ring.owner("key-" + i), 1, Integer::sum);
    }
    double mean = keys / 10.0;
    int max = load.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertThat(max).isLessThanOrEqualTo((int) (1.25 * mean));
    double maxShare = ring.ownership().values().stream().mapToDouble(Double::doubleValue).max()
        .orElseThrow();
    assertThat(maxShare).isLessThanOrEqualTo(1.25 / 10);
    assertThat(ring.ownership().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void emptyRing_ownerFailsClearly_preferenceListEmpty() {
    HashRing empty = HashRing.of(List.of());
    assertThat(empty.isEmpty()).isTrue();
    assertThatThrownBy(() -> empty.owner("k")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no members");
    assertThat(empty.preferenceList("k", 3)).isEmpty();
  }

  @Test
  void badArguments_rejectedWithMessage() {
    assertThatThrownBy(() -> HashRing.of(nodes(2), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtual nodes");
    HashRing ring = HashRing.of(nodes(2));
    assertThatThrownBy(() -> ring.preferenceList("k", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }

  @Test
  void singleMember_ownsEverything() {
    HashRing ring = HashRing.of(nodes(1), 1);
    assertThat(ring.owner("anything")).isEqualTo(NodeId.of("node-1"));
    assertThat(ring.ownership()).containsEntry(NodeId.of("node-1"), 1.0);
  }
}
