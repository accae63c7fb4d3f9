package io.dsync.jcache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.jcache.DsyncCachingProvider;
import io.dsync.jcache.config.DsyncConfiguration;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheOperationsTest {

  private final DsyncCachingProvider provider = new DsyncCachingProvider();
  private CacheManager manager;
  private CacheOperations ops;

  @BeforeEach
  void setUp() {
    manager = provider.getCacheManager(URI.create("dsync:ops-test"), getClass().getClassLoader());
    manager.createCache("default", new MutableConfiguration<>().setStatisticsEnabled(true));
    DsyncConfiguration<Object, Object> small = new DsyncConfiguration<>();
    small.setCapacity(2).setStatisticsEnabled(true);
    manager.createCache("small", small);
    manager.createCache("ints", new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
    ops = new CacheOperations(manager, "default");
  }

  @AfterEach
  void tearDown() {
    provider.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Response r) {
    return (Map<String, Object>) r.getEntity();
  }

  @Test
  void putThenGet_returnsValueHitAndState() {
    Response put = ops.put("default", "{\"key\":\"a\",\"value\":{\"n\":1}}");
    assertThat(put.getStatus()).isEqualTo(200);
    assertThat(body(put)).containsEntry("stored", true).containsEntry("state", "M");
    Response get = ops.get("default", "a");
    assertThat(get.getStatus()).isEqualTo(200);
    assertThat(body(get)).containsEntry("hit", true).containsEntry("state", "M")
        .containsEntry("value", Map.of("n", 1));
  }

  @Test
  void get_miss_is404WithHitFalse() {
    Response r = ops.get("default", "nope");
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r)).containsEntry("hit", false).containsEntry("state", "I")
        .containsEntry("error", "not_found");
  }

  @Test
  void delete_presentThenAbsent() {
    ops.put("default", "{\"key\":\"a\",\"value\":\"x\"}");
    assertThat(ops.delete("default", "a").getStatus()).isEqualTo(200);
    Response again = ops.delete("default", "a");
    assertThat(again.getStatus()).isEqualTo(404);
    assertThat(body(again)).containsEntry("removed", false);
  }

  @Test
  void status_reportsLocalLineState() {
    assertThat(body(ops.status("default", "k"))).containsEntry("state", "I").containsEntry("present", false);
    ops.put("default", "{\"key\":\"k\",\"value\":1}");
    assertThat(body(ops.status("default", "k"))).containsEntry("state", "M").containsEntry("present", true);
  }

  @Test
  void metrics_countHitsMissesEvictionsAndSize() {
    ops.put("small", "{\"key\":\"a\",\"value\":1}");
    ops.put("small", "{\"key\":\"b\",\"value\":2}");
    ops.put("small", "{\"key\":\"c\",\"value\":3}");
    ops.get("small", "c");
    ops.get("small", "a");
    Map<String, Object> m = body(ops.metrics("small"));
    assertThat(m).containsEntry("hits", 1L).containsEntry("misses", 1L)
        .containsEntry("hit_rate", 0.5).containsEntry("evictions", 1L).containsEntry("size", 2L);
  }

  @Test
  void all_listsEntries_andHonoursLimit() {
    for (int i = 0; i < 5; i++) {
      ops.put("default", "{\"key\":\"k" + i + "\",\"value\":" + i + "}");
    }
    Map<String, Object> all = body(ops.all("default", null));
    assertThat(all).containsEntry("count", 5).containsEntry("truncated", false);
    Map<String, Object> two = body(ops.all("default", 2));
    assertThat(two).containsEntry("count", 2).containsEntry("truncated", true);
    assertThat(ops.all("default", 0).getStatus()).isEqualTo(400);
  }

  @Test
  void badJson_is400WithReason_andNothingStored() {
    Response r = ops.put("default", "{\"key\": ");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) body(r).get("message")).contains("malformed JSON");
    assertThat(ops.put("default", "[1,2]").getStatus()).isEqualTo(400);
    assertThat(ops.put("default", "").getStatus()).isEqualTo(400);
    assertThat(ops.put("default", "{\"value\":1}").getStatus()).isEqualTo(400);
    assertThat(ops.put("default", "{\"key\":5,\"value\":1}").getStatus()).isEqualTo(400);
    assertThat(ops.put("default", "{\"key\":\"a\",\"value\":null}").getStatus()).isEqualTo(400);
    assertThat(body(ops.all("default", null))).containsEntry("count", 0);
  }

  @Test
  void badKey_is400() {
    assertThat(ops.get("default", "").getStatus()).isEqualTo(400);
    assertThat(ops.get("default", "a\u0001b").getStatus()).isEqualTo(400);
    assertThat(ops.get("default", "x".repeat(CacheOperations.MAX_KEY_CHARS + 1)).getStatus()).isEqualTo(400);
    assertThat(ops.put("default", "{\"key\":\"\",\"value\":1}").getStatus()).isEqualTo(400);
  }

  @Test
  void oversizedBody_is413() {
    String big = "{\"key\":\"a\",\"value\":\"" + "x".repeat(CacheOperations.MAX_BODY_BYTES) + "\"}";
    assertThat(ops.put("default", big).getStatus()).isEqualTo(413);
  }

  @Test
  void unknownCache_is404WithReason() {
    Response r = ops.get("missing", "a");
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat((String) body(r).get("message")).contains("missing");
    assertThat(ops.metrics("missing").getStatus()).isEqualTo(404);
    assertThat(ops.all("missing", null).getStatus()).isEqualTo(404);
    assertThat(ops.put("missing", "{\"key\":\"a\",\"value\":1}").getStatus()).isEqualTo(404);
  }

  @Test
  void nonStringKeyCache_is400WithReason() {
    Response r = ops.get("ints", "1");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) body(r).get("message")).contains("java.lang.Integer");
  }

  @Test
  void names_listsCaches() {
    @SuppressWarnings("unchecked")
    Iterable<String> names = (Iterable<String>) body(ops.names()).get("caches");
    assertThat(names).contains("default", "small", "ints");
  }
}
