package io.dsync.wire;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one table that maps message type ids to classes and codecs. Every node, client and test
 * that talks over a transport shares one registry; services register their messages in {@code
 * NodeService.start} before the first message of that type can arrive.
 *
 * <p>Thread-safe. Registering the same (id, class) twice is allowed and does nothing; registering
 * a different class under a taken id, or a class under two ids, fails fast.
 */
public final class MessageRegistry {

  /** A registered message type. */
  public record Entry<T extends Message>(int typeId, Class<T> type, MessageCodec<T> codec) {}

  private final Map<Integer, Entry<?>> byId = new ConcurrentHashMap<>();
  private final Map<Class<?>, Entry<?>> byType = new ConcurrentHashMap<>();

  /** Registers a message type; ids must be in 1..65535. */
  public synchronized <T extends Message> MessageRegistry register(
      int typeId, Class<T> type, MessageCodec<T> codec) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(codec, "codec");
    if (typeId < 1 || typeId > 0xFFFF) {
      throw new IllegalArgumentException("message type id out of range 1..65535: " + typeId);
    }
    Entry<?> taken = byId.get(typeId);
    if (taken != null) {
      if (taken.type() == type) {
        return this;
      }
      throw new IllegalStateException(
          "message type id " + typeId + " is taken by " + taken.type().getName()
              + ", cannot register " + type.getName());
    }
    Entry<?> other = byType.get(type);
    if (other != null) {
      throw new IllegalStateException(
          type.getName() + " is registered already under id " + other.typeId());
    }
    Entry<T> entry = new Entry<>(typeId, type, codec);
    byId.put(typeId, entry);
    byType.put(type, entry);
    return this;
  }

  /** The entry for a type id, or {@code null} if unknown. */
  public Entry<?> byId(int typeId) {
    return byId.get(typeId);
  }

  /** The entry for a message's class; fails fast for an unregistered class (a programmer error). */
  @SuppressWarnings("unchecked")
  public <T extends Message> Entry<T> byType(Class<T> type) {
    Entry<?> entry = byType.get(type);
    if (entry == null) {
      throw new IllegalStateException("message class not registered: " + type.getName());
    }
    return (Entry<T>) entry;
  }

  /** Whether this message class has a codec. */
  public boolean isRegistered(Class<? extends Message> type) {
    return byType.containsKey(type);
  }

  /** Encodes a message body with its registered codec. */
  @SuppressWarnings("unchecked")
  public <T extends Message> int encode(T message, WireOutput out) {
    Entry<T> entry = byType((Class<T>) message.getClass());
    entry.codec().encode(message, out);
    return entry.typeId();
  }

  /**
   * Decodes a body of the given type; unknown ids and malformed bodies throw {@link
   * WireFormatException}, and so does a body with bytes left over.
   */
  public Message decode(int typeId, WireInput in) {
    Entry<?> entry = byId.get(typeId);
    if (entry == null) {
      throw new WireFormatException("unknown message type " + typeId);
    }
    Message message;
    try {
      message = entry.codec().decode(in);
    } catch (WireFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WireFormatException(
          "malformed " + entry.type().getSimpleName() + ": " + e.getMessage(), e);
    }
    if (in.remaining() != 0) {
      throw new WireFormatException(
          in.remaining() + " trailing bytes after " + entry.type().getSimpleName());
    }
    return message;
  }
}
