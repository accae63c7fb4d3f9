package io.dsync.raft.kv;

import io.dsync.raft.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
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

  private static byte[] value(byte @Nullable [] v) {
    return KvCommands.write(out -> KvCommands.writeValue(out, v));
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
