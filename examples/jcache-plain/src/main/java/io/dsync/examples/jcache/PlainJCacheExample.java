package io.dsync.examples.jcache;

import java.io.PrintStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;

/**
 * A plain Java program using a JCache through the standard {@code javax.cache} API only. dsync is
 * chosen because it is the provider on the class path; its settings come from the manager URI
 * ({@code dsync:embedded?capacity=1000}: at most 1000 entries per cache, least recently used
 * evicted first), so the code names no dsync class.
 *
 * <p>Run: {@code mvn -q -pl examples/jcache-plain -am install -DskipTests && mvn -q -pl
 * examples/jcache-plain exec:java}
 */
public final class PlainJCacheExample {

  private PlainJCacheExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the example, printing to {@code out}.
   *
   * @param out where to print
   * @return the provider class name that served the caches
   */
  public static String run(PrintStream out) {
    CachingProvider provider = Caching.getCachingProvider();
    CacheManager manager =
        provider.getCacheManager(URI.create("dsync:embedded?capacity=1000"), PlainJCacheExample.class.getClassLoader());
    try {
      MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 10)))
          .setStatisticsEnabled(true)
          .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
              FactoryBuilder.factoryOf(PrintingListener.class), null, false, true));
      Cache<String, String> greetings = manager.createCache("greetings", config);

      greetings.put("en", "Hello");
      greetings.put("fr", "Bonjour");
      greetings.putIfAbsent("en", "Hi");
      out.println("en -> " + greetings.get("en"));
      String shouted = greetings.invoke("fr", (entry, arguments) -> {
        entry.setValue(entry.getValue().toUpperCase());
        return entry.getValue();
      });
      out.println("fr -> " + shouted);
      out.println("de present? " + greetings.containsKey("de"));
      out.println("provider: " + provider.getClass().getName());
      return provider.getClass().getName();
    } finally {
      manager.close();
    }
  }

  /** Prints every created entry (a synchronous listener). */
  public static final class PrintingListener implements CacheEntryCreatedListener<String, String> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        System.out.println("created " + e.getKey() + " = " + e.getValue());
      }
    }
  }
}
