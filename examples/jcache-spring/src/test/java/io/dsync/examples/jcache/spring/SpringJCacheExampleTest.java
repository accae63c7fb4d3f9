package io.dsync.examples.jcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.jcache.DsyncCache;
import io.dsync.jcache.config.DsyncConfiguration;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;

@SpringBootTest
class SpringJCacheExampleTest {

  @Autowired CacheManager cacheManager;
  @Autowired BookService books;

  @Test
  void cacheAbstraction_runsOnDsync_chosenByPropertiesAlone() {
    assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
    javax.cache.CacheManager jcache = ((JCacheCacheManager) cacheManager).getCacheManager();
    assertThat(jcache.getCachingProvider().getClass().getName())
        .isEqualTo("io.dsync.jcache.DsyncCachingProvider");
    assertThat(jcache.getURI().toString()).endsWith("dsync-jcache.properties");
    Cache<Object, Object> native_ = jcache.getCache("books");
    assertThat(native_).isInstanceOf(DsyncCache.class);
    assertThat(native_.getConfiguration(DsyncConfiguration.class).getCapacity()).isEqualTo(10000);
  }

  @Test
  void cacheable_secondCallIsServedFromDsync() {
    int before = books.lookups();
    assertThat(books.title("isbn-1")).isEqualTo("Title of isbn-1");
    assertThat(books.title("isbn-1")).isEqualTo("Title of isbn-1");
    assertThat(books.lookups()).isEqualTo(before + 1);
    books.forget("isbn-1");
    books.title("isbn-1");
    assertThat(books.lookups()).isEqualTo(before + 2);
  }
}
