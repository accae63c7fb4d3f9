package io.dsync.examples.jcache.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application whose cache abstraction runs on dsync's JCache provider, selected
 * by {@code application.properties} alone ({@code spring.cache.type=jcache},
 * {@code spring.cache.jcache.provider=io.dsync.jcache.DsyncCachingProvider}); no code names dsync.
 *
 * <p>Run: {@code mvn -q -pl examples/jcache-spring -am install -DskipTests}, then start this
 * class's {@link #main}.
 */
@SpringBootApplication
@EnableCaching
public class SpringJCacheExample {

  /** Created by Spring. */
  public SpringJCacheExample() {}

  /**
   * Starts the application, looks a book up twice and prints how many real lookups ran.
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    try (ConfigurableApplicationContext ctx = SpringApplication.run(SpringJCacheExample.class, args)) {
      BookService books = ctx.getBean(BookService.class);
      books.title("978-0134685991");
      books.title("978-0134685991");
      System.out.println("real lookups: " + books.lookups());
    }
  }
}
