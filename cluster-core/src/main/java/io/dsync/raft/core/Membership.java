package io.dsync.raft.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A cluster configuration: the voting members and the learners (non-voting members that
 * receive the log, used to catch a new server up before it votes — thesis §4.2.1), identified
 * by their node id strings. A server is never both.
 *
 * @param voters the voting members, sorted (iteration order is deterministic)
 * @param learners the non-voting members, sorted
 */
public record Membership(SortedSet<String> voters, SortedSet<String> learners) {

  /** The empty configuration of a node that has not joined a cluster yet. */
  public static final Membership EMPTY = new Membership(new TreeSet<>());

  /** Copies the sets and makes them unmodifiable. */
  public Membership {
    for (String v : voters) {
      check(v);
    }
    for (String l : learners) {
      check(l);
      if (voters.contains(l)) {
        throw new IllegalArgumentException(l + " cannot be both a voter and a learner");
      }
    }
    voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
    learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
  }

  /** A configuration of voters only. */
  public Membership(SortedSet<String> voters) {
    this(voters, new TreeSet<>());
  }

  private static void check(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("member id must be non-empty");
    }
  }

  /** A configuration of the given voters. */
  public static Membership of(String... ids) {
    return new Membership(new TreeSet<>(Set.of(ids)));
  }

  /** Whether {@code id} votes. */
  public boolean contains(String id) {
    return voters.contains(id);
  }

  /** Whether {@code id} is a learner. */
  public boolean isLearner(String id) {
    return learners.contains(id);
  }

  /** Voters and learners: everyone the leader replicates to. */
  public SortedSet<String> members() {
    TreeSet<String> all = new TreeSet<>(voters);
    all.addAll(learners);
    return Collections.unmodifiableSortedSet(all);
  }

  /** The number of votes that make a majority (0 for the empty configuration). */
  public int quorum() {
    return voters.isEmpty() ? 0 : voters.size() / 2 + 1;
  }

  /** This configuration with {@code id} as a voter (promoted if it was a learner). */
  public Membership with(String id) {
    TreeSet<String> v = new TreeSet<>(voters);
    v.add(id);
    TreeSet<String> l = new TreeSet<>(learners);
    l.remove(id);
    return new Membership(v, l);
  }

  /** This configuration with {@code id} as a learner. */
  public Membership withLearner(String id) {
    if (voters.contains(id)) {
      throw new IllegalArgumentException(id + " is a voter");
    }
    TreeSet<String> l = new TreeSet<>(learners);
    l.add(id);
    return new Membership(voters, l);
  }

  /** This configuration without {@code id} (voter or learner). */
  public Membership without(String id) {
    TreeSet<String> v = new TreeSet<>(voters);
    v.remove(id);
    TreeSet<String> l = new TreeSet<>(learners);
    l.remove(id);
    return new Membership(v, l);
  }

  /** Encodes as bytes (voter count, voters, learner count, learners). */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(voters.size());
      for (String v : voters) {
        out.writeUTF(v);
      }
      out.writeInt(learners.size());
      for (String l : learners) {
        out.writeUTF(l);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes what {@link #encode()} wrote.
   *
   * @throws IllegalArgumentException if the bytes are not a configuration
   */
  public static Membership decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      TreeSet<String> v = readSet(in);
      TreeSet<String> l = readSet(in);
      if (in.available() != 0) {
        throw new IllegalArgumentException("trailing bytes after configuration");
      }
      return new Membership(v, l);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed configuration: " + e.getMessage(), e);
    }
  }

  private static TreeSet<String> readSet(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 10_000) {
      throw new IllegalArgumentException("bad member count " + n);
    }
    TreeSet<String> s = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      s.add(in.readUTF());
    }
    return s;
  }
}
