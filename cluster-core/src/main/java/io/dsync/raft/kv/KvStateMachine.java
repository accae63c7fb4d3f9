package io.dsync.raft.kv;

import io.dsync.raft.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A replicated map from string keys to byte values (commands in {@link KvCommands}).
 * Deterministic; not thread-safe (the Raft driver thread calls it). Malformed commands are
 * answered with an error result and change nothing.
 */
public final class KvStateMachine implements StateMachine {
  private final TreeMap<String, byte[]> map = new TreeMap<>();

  /** Number of keys. */
  public int size() {
    return map.size();
  }

  @Override
  public byte[] apply(long index, byte[] command) {
    byte[] fast = tryFastPut(command);
    if (fast != null) {
      return fast;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(command))) {
      byte op = in.readByte();
      String key = in.readUTF();
      switch (op) {
        case KvCommands.PUT -> {
          byte[] v = KvCommands.readValue(in);
          if (v == null) {
            return KvCommands.error("put needs a value");
          }
          return value(map.put(key, v));
        }
        case KvCommands.DELETE -> {
          return value(map.remove(key));
        }
        case KvCommands.CAS -> {
          byte[] expected = KvCommands.readValue(in);
          byte[] next = KvCommands.readValue(in);
          if (next == null) {
            return KvCommands.error("cas needs a new value");
          }
          byte[] current = map.get(key);
          boolean swap = Arrays.equals(current, expected);
          if (swap) {
            map.put(key, next);
          }
          byte[] prev = value(current);
          byte[] r = new byte[prev.length + 1];
          r[0] = (byte) (swap ? 1 : 0);
          System.arraycopy(prev, 0, r, 1, prev.length);
          return r;
        }
        default -> {
          return KvCommands.error("unknown command " + op);
        }
      }
    } catch (IOException e) {
      return KvCommands.error("malformed command: " + e.getMessage());
    }
  }

  @Override
  public byte[] query(byte[] query) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(query))) {
      byte op = in.readByte();
      if (op != KvCommands.GET) {
        return KvCommands.error("unknown query " + op);
      }
      return value(map.get(in.readUTF()));
    } catch (IOException e) {
      return KvCommands.error("malformed query: " + e.getMessage());
    }
  }

  /**
   * The common case without streams: a well-formed put whose key is ASCII. Returns null for
   * anything else, which the general decoder then handles (same results, same errors).
   */
  private byte @Nullable [] tryFastPut(byte[] c) {
    // [PUT][key length:2][key][1][value length:4][value]
    if (c.length < 8 || c[0] != KvCommands.PUT) {
      return null;
    }
    int keyLength = ((c[1] & 0xff) << 8) | (c[2] & 0xff);
    int at = 3 + keyLength;
    if (at + 5 > c.length || c[at] != 1) {
      return null;
    }
    for (int i = 3; i < at; i++) {
      if (c[i] < 0) {
        return null; // not ASCII: modified UTF-8 needs the general decoder
      }
    }
    int n = ((c[at + 1] & 0xff) << 24) | ((c[at + 2] & 0xff) << 16) | ((c[at + 3] & 0xff) << 8) | (c[at + 4] & 0xff);
    int from = at + 5;
    if (n < 0 || n > c.length - from) {
      return null;
    }
    String key = new String(c, 3, keyLength, StandardCharsets.ISO_8859_1);
    return value(map.put(key, Arrays.copyOfRange(c, from, from + n)));
  }

  /** {@code [0]} when absent, else {@code [1][length:4][bytes]} (as {@link KvCommands#writeValue}). */
  private static byte[] value(byte @Nullable [] v) {
    if (v == null) {
      return new byte[] {0};
    }
    byte[] r = new byte[5 + v.length];
    r[0] = 1;
    r[1] = (byte) (v.length >>> 24);
    r[2] = (byte) (v.length >>> 16);
    r[3] = (byte) (v.length >>> 8);
    r[4] = (byte) v.length;
    System.arraycopy(v, 0, r, 5, v.length);
    return r;
  }

  @Override
  public byte[] snapshot() {
    return KvCommands.write(out -> {
      out.writeInt(map.size());
      for (Map.Entry<String, byte[]> e : map.entrySet()) {
        out.writeUTF(e.getKey());
        KvCommands.writeValue(out, e.getValue());
      }
    });
  }

  @Override
  public void restore(byte[] snapshot) {
    TreeMap<String, byte[]> m = new TreeMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String k = in.readUTF();
        byte[] v = KvCommands.readValue(in);
        if (v == null) {
          throw new IOException("absent value in snapshot");
        }
        m.put(k, v);
      }
      if (in.available() != 0) {
        throw new IOException("trailing bytes");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed kv snapshot: " + e.getMessage(), e);
    }
    map.clear();
    map.putAll(m);
  }
}
