package io.dsync.raft.core;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A cluster configuration: the set of voting members, identified by their node id strings.
 *
 * @param voters the voting members, sorted (iteration order is deterministic)
 */
public record Membership(SortedSet<String> voters) {

  /** The empty configuration of a node that has not joined a cluster yet. */
  public static final Membership EMPTY = new Membership(new TreeSet<>());

  /** Copies the set and makes it unmodifiable. */
  public Membership {
    for (String v : voters) {
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException("member id must be non-empty");
      }
    }
    voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
  }

  /** A configuration of the given members. */
  public static Membership of(String... ids) {
    return new Membership(new TreeSet<>(Set.of(ids)));
  }

  /** Whether {@code id} votes. */
  public boolean contains(String id) {
    return voters.contains(id);
  }

  /** The number of votes that make a majority (0 for the empty configuration). */
  public int quorum() {
    return voters.isEmpty() ? 0 : voters.size() / 2 + 1;
  }

  /** This configuration plus {@code id}. */
  public Membership with(String id) {
    TreeSet<String> s = new TreeSet<>(voters);
    s.add(id);
    return new Membership(s);
  }

  /** This configuration minus {@code id}. */
  public Membership without(String id) {
    TreeSet<String> s = new TreeSet<>(voters);
    s.remove(id);
    return new Membership(s);
  }

  /** Encodes as bytes (count, then UTF strings). */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(voters.size());
      for (String v : voters) {
        out.writeUTF(v);
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
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        throw new IllegalArgumentException("bad member count " + n);
      }
      TreeSet<String> s = new TreeSet<>();
      for (int i = 0; i < n; i++) {
        s.add(in.readUTF());
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("trailing bytes after configuration");
      }
      return new Membership(s);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed configuration: " + e.getMessage(), e);
    }
  }
}
