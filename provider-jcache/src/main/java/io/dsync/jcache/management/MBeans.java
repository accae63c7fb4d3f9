package io.dsync.jcache.management;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers cache MXBeans in the platform MBean server under the standard JSR-107 names
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}.
 *
 * <p>Thread-safe.
 */
public final class MBeans {

  /** The two kinds of cache MXBean. */
  public enum Kind {
    /** The {@code CacheMXBean}. */
    CacheConfiguration,
    /** The {@code CacheStatisticsMXBean}. */
    CacheStatistics
  }

  private MBeans() {}

  /**
   * Computes an MXBean's name.
   *
   * @param kind which bean
   * @param managerUri the cache manager's URI
   * @param cacheName the cache's name
   * @return the object name
   */
  public static ObjectName name(Kind kind, String managerUri, String cacheName) {
    try {
      return new ObjectName(
          "javax.cache:type=" + kind + ",CacheManager=" + safe(managerUri) + ",Cache=" + safe(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cannot name the MXBean of cache " + cacheName, e);
    }
  }

  /**
   * Makes a value usable unquoted in an object name: the characters JSR-107 names ({@code : = ,}
   * and newline) and those that would turn the name into a pattern or a quoted value
   * ({@code ? * "}) become dots.
   */
  private static String safe(String s) {
    return s == null ? "" : s.replaceAll("[:=\n,?*\"]", ".");
  }

  /**
   * Registers a bean unless one of that name is there already.
   *
   * @param bean the MXBean
   * @param name its name
   */
  public static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently by the same cache: nothing to do
    } catch (JMException e) {
      throw new CacheException("cannot register MXBean " + name, e);
    }
  }

  /**
   * Unregisters a bean if present.
   *
   * @param name its name
   */
  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // already gone
    } catch (JMException e) {
      throw new CacheException("cannot unregister MXBean " + name, e);
    }
  }
}
