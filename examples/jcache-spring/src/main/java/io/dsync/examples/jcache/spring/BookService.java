package io.dsync.examples.jcache.spring;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow lookup made fast by Spring's cache abstraction; the cache behind it is a JCache. */
@Service
public class BookService {

  private final AtomicInteger lookups = new AtomicInteger();

  /** Creates the service. */
  public BookService() {}

  /**
   * Finds a book title by ISBN; cached in the {@code books} cache.
   *
   * @param isbn the ISBN
   * @return the title
   */
  @Cacheable("books")
  public String title(String isbn) {
    lookups.incrementAndGet();
    return "Title of " + isbn;
  }

  /**
   * Forgets a cached title.
   *
   * @param isbn the ISBN
   */
  @CacheEvict("books")
  public void forget(String isbn) {}

  /**
   * How many real lookups ran (cache misses).
   *
   * @return the count
   */
  public int lookups() {
    return lookups.get();
  }
}
