package io.dsync.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheException;

/**
 * Store-by-value: values are kept in serialized form and deserialized (a fresh copy) on every
 * read; keys are copied once when stored. Instances of well-known immutable classes are kept as
 * they are, since a copy of them could not be told apart from the original.
 *
 * <p>Deserialization resolves classes through the cache manager's class loader first.
 * Thread-safe.
 */
final class SerializingCopier implements Copier {

  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class, Integer.class, Long.class, Short.class, Byte.class, Character.class,
          Boolean.class, Double.class, Float.class, BigInteger.class, BigDecimal.class,
          UUID.class, Class.class, java.time.Instant.class, java.time.LocalDate.class,
          java.time.LocalDateTime.class, java.time.Duration.class);

  private final ClassLoader classLoader;

  /**
   * Classes already resolved through {@link #classLoader}: resolving a class name walks the
   * loader's delegation chain every time, which costs more than reading a small object itself.
   */
  private final ConcurrentHashMap<String, Class<?>> resolved = new ConcurrentHashMap<>();

  SerializingCopier(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** A value held in serialized form, distinct from any application byte array. */
  private static final class Serialized {
    final byte[] bytes;

    Serialized(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  private static boolean immutable(Object o) {
    return IMMUTABLE.contains(o.getClass()) || o instanceof Enum;
  }

  @Override
  public Object copyKey(Object key) {
    if (immutable(key)) {
      return key;
    }
    return deserialize(serialize(key));
  }

  @Override
  public Object toStored(Object value) {
    if (immutable(value)) {
      return value;
    }
    return new Serialized(serialize(value));
  }

  @Override
  public Object fromStored(Object stored) {
    if (stored instanceof Serialized) {
      return deserialize(((Serialized) stored).bytes);
    }
    return stored;
  }

  private static byte[] serialize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(
          "store-by-value needs Serializable keys and values; "
              + o.getClass().getName() + " is not (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new CacheException("could not copy " + o.getClass().getName() + " by serialization", e);
    }
    return bytes.toByteArray();
  }

  private Object deserialize(byte[] bytes) {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), this)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new CacheException("could not copy a stored object back by deserialization", e);
    }
  }

  private Class<?> resolve(String name) throws ClassNotFoundException {
    Class<?> c = resolved.get(name);
    if (c == null) {
      c = Class.forName(name, false, classLoader);
      resolved.put(name, c);
    }
    return c;
  }

  /** Resolves classes through the cache's loader before falling back to the default rules. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final SerializingCopier copier;
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, SerializingCopier copier) throws IOException {
      super(in);
      this.copier = copier;
      this.loader = copier.classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return copier.resolve(desc.getName());
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
      Class<?>[] classes = new Class<?>[interfaces.length];
      for (int i = 0; i < interfaces.length; i++) {
        classes[i] = Class.forName(interfaces[i], false, loader);
      }
      @SuppressWarnings("deprecation")
      Class<?> proxy = Proxy.getProxyClass(loader, classes);
      return proxy;
    }
  }
}
