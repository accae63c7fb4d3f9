package io.dsync.ring;

import io.dsync.cluster.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A consistent hash ring with virtual nodes. Each member owns {@code virtualNodes} points
 * (tokens) on a 64-bit circle, placed by {@link Hash64} of {@code "<id>#<i>"}; a key's home is
 * the member of the first token at or clockwise after the key's hash, and its replicas are the
 * next distinct members clockwise. Adding or removing one of N members moves about 1/N of keys.
 *
 * <p>Immutable and thread-safe: {@link #with} and {@link #without} return new rings. Two rings
 * built from the same members and virtual-node count place every key identically, on any node.
 */
public final class HashRing {
  /** The default number of virtual nodes per member. */
  public static final int DEFAULT_VIRTUAL_NODES = 128;

  private final SortedSet<NodeId> members;
  private final int virtualNodes;
  private final long[] tokens;
  private final NodeId[] owners;

  private HashRing(SortedSet<NodeId> members, int virtualNodes) {
    this.members = Collections.unmodifiableSortedSet(members);
    this.virtualNodes = virtualNodes;
    // TreeMap orders tokens; a (rare) collision goes to the smaller id, the same on every node.
    TreeMap<Long, NodeId> points = new TreeMap<>();
    for (NodeId member : members) {
      for (int i = 0; i < virtualNodes; i++) {
        long token = tokenOf(member, i);
        points.merge(token, member, (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    tokens = new long[points.size()];
    owners = new NodeId[points.size()];
    int i = 0;
    for (Map.Entry<Long, NodeId> e : points.entrySet()) {
      tokens[i] = e.getKey();
      owners[i] = e.getValue();
      i++;
    }
  }

  /** A ring of these members with {@link #DEFAULT_VIRTUAL_NODES} each. */
  public static HashRing of(Collection<NodeId> members) {
    return of(members, DEFAULT_VIRTUAL_NODES);
  }

  /**
   * A ring of these members (duplicates count once) with {@code virtualNodes} tokens each.
   *
   * @throws IllegalArgumentException if {@code virtualNodes} is not in 1..65536
   */
  public static HashRing of(Collection<NodeId> members, int virtualNodes) {
    if (virtualNodes < 1 || virtualNodes > 65536) {
      throw new IllegalArgumentException("virtual nodes out of range 1..65536: " + virtualNodes);
    }
    TreeSet<NodeId> set = new TreeSet<>();
    for (NodeId member : members) {
      set.add(Objects.requireNonNull(member, "member"));
    }
    return new HashRing(set, virtualNodes);
  }

  /** The token of a member's i-th virtual node. */
  static long tokenOf(NodeId member, int index) {
    return Hash64.hash((member.value() + "#" + index).getBytes(StandardCharsets.UTF_8));
  }

  /** The position of a key on the circle. */
  public static long hashOf(String key) {
    return Hash64.hash(key);
  }

  /** The position of a key on the circle. */
  public static long hashOf(byte[] key) {
    return Hash64.hash(key);
  }

  /** The members, in id order. */
  public SortedSet<NodeId> members() {
    return members;
  }

  /** Virtual nodes per member. */
  public int virtualNodes() {
    return virtualNodes;
  }

  /** Whether the ring has no member (then {@link #owner} fails). */
  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** This ring plus {@code member} (this ring if it is one already). */
  public HashRing with(NodeId member) {
    if (members.contains(member)) {
      return this;
    }
    TreeSet<NodeId> set = new TreeSet<>(members);
    set.add(member);
    return new HashRing(set, virtualNodes);
  }

  /** This ring without {@code member} (this ring if it is not one). */
  public HashRing without(NodeId member) {
    if (!members.contains(member)) {
      return this;
    }
    TreeSet<NodeId> set = new TreeSet<>(members);
    set.remove(member);
    return new HashRing(set, virtualNodes);
  }

  /** The home of a key. @throws IllegalStateException if the ring is empty */
  public NodeId owner(String key) {
    return ownerOfHash(hashOf(key));
  }

  /** The home of a key. @throws IllegalStateException if the ring is empty */
  public NodeId owner(byte[] key) {
    return ownerOfHash(hashOf(key));
  }

  /** The member owning a position on the circle. @throws IllegalStateException if empty */
  public NodeId ownerOfHash(long hash) {
    requireMembers();
    return owners[indexOf(hash)];
  }

  /**
   * The key's home followed by the next distinct members clockwise: {@code min(n, members)}
   * members, no repeats. The first is {@link #owner}. An empty ring gives an empty list.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public List<NodeId> preferenceList(String key, int n) {
    return preferenceListOfHash(hashOf(key), n);
  }

  /** As {@link #preferenceList(String, int)} for a byte key. */
  public List<NodeId> preferenceList(byte[] key, int n) {
    return preferenceListOfHash(hashOf(key), n);
  }

  /** As {@link #preferenceList(String, int)} for a position on the circle. */
  public List<NodeId> preferenceListOfHash(long hash, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("preference list size must be at least 1: " + n);
    }
    if (members.isEmpty()) {
      return List.of();
    }
    int want = Math.min(n, members.size());
    Set<NodeId> chosen = new LinkedHashSet<>();
    int start = indexOf(hash);
    for (int step = 0; step < tokens.length && chosen.size() < want; step++) {
      chosen.add(owners[(start + step) % tokens.length]);
    }
    return List.copyOf(chosen);
  }

  /**
   * The share of the circle each member owns (fractions summing to 1), in id order: what an
   * operator reads to see how even the ring is.
   */
  public Map<NodeId, Double> ownership() {
    TreeMap<NodeId, Double> shares = new TreeMap<>();
    for (NodeId member : members) {
      shares.put(member, 0.0);
    }
    if (tokens.length == 0) {
      return shares;
    }
    double circle = Math.pow(2, 64);
    for (int i = 0; i < tokens.length; i++) {
      // token i owns the arc (previous token, token i]
      long previous = tokens[(i - 1 + tokens.length) % tokens.length];
      long arc = tokens[i] - previous; // modulo 2^64; 0 only when there is a single token
      double length = tokens.length == 1 ? circle : unsigned(arc);
      shares.merge(owners[i], length / circle, Double::sum);
    }
    return Collections.unmodifiableMap(shares);
  }

  /** Number of tokens on the circle. */
  public int tokenCount() {
    return tokens.length;
  }

  private static double unsigned(long value) {
    return value >= 0 ? value : value + Math.pow(2, 64);
  }

  private int indexOf(long hash) {
    int i = Arrays.binarySearch(tokens, hash);
    if (i < 0) {
      i = -i - 1;
    }
    return i == tokens.length ? 0 : i;
  }

  private void requireMembers() {
    if (members.isEmpty()) {
      throw new IllegalStateException("the hash ring has no members");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HashRing other
        && other.virtualNodes == virtualNodes
        && other.members.equals(members);
  }

  @Override
  public int hashCode() {
    return members.hashCode() * 31 + virtualNodes;
  }

  @Override
  public String toString() {
    return "HashRing" + members + " x" + virtualNodes;
  }
}
