package io.dsync.jcache.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jcache.DsyncCache;
import io.dsync.jcache.DsyncCachingProvider;
import io.dsync.jcache.config.DsyncConfiguration;
import io.dsync.node.NodeConfig;
import io.dsync.spi.AdminRegistry;
import io.dsync.spi.NodeService;
import io.dsync.spi.ServiceContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;

class JCacheNodeServiceTest {

  private final List<Object> registered = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private ServiceContext context(NodeConfig config, boolean embedded) {
    AdminRegistry admin = registered::add;
    return (ServiceContext) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ServiceContext.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "config":
              return config;
            case "admin":
              return admin;
            case "embedded":
              return embedded;
            case "metrics":
              return meters;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private static NodeConfig config(String... settings) {
    NodeConfig.Builder b = NodeConfig.builder(io.dsync.cluster.NodeId.of("n1"));
    for (int i = 0; i < settings.length; i += 2) {
      b.setting(settings[i], settings[i + 1]);
    }
    return b.build();
  }

  @Test
  void serviceLoader_findsTheJCacheService() {
    assertThat(ServiceLoader.load(NodeService.class).stream().map(p -> p.type().getName()))
        .contains(JCacheNodeService.class.getName());
  }

  @Test
  void start_createsDefaultCache_andRegistersResources() throws Exception {
    JCacheNodeService service = new JCacheNodeService();
    service.start(context(config("jcache.default-cache", "svc-main", "jcache.capacity", "3"), false));
    try {
      assertThat(registered).hasAtLeastOneElementOfType(DefaultCacheResource.class)
          .hasAtLeastOneElementOfType(NamedCachesResource.class);
      DsyncCache<?, ?> cache = (DsyncCache<?, ?>) Caching.getCachingProvider(DsyncCachingProvider.class.getName())
          .getCacheManager().getCache("svc-main");
      assertThat(cache).isNotNull();
      assertThat(cache.getConfiguration(DsyncConfiguration.class).getCapacity()).isEqualTo(3);
      assertThat(cache.getConfiguration(DsyncConfiguration.class).isStatisticsEnabled()).isTrue();
      @SuppressWarnings("unchecked")
      javax.cache.Cache<Object, Object> c = (javax.cache.Cache<Object, Object>) (javax.cache.Cache<?, ?>) cache;
      c.put("a", 1);
      c.get("a");
      c.get("b");
      assertThat(meters.get("dsync.jcache.hits").tag("cache", "svc-main").functionCounter().count()).isEqualTo(1.0);
      assertThat(meters.get("dsync.jcache.misses").tag("cache", "svc-main").functionCounter().count()).isEqualTo(1.0);
      assertThat(meters.get("dsync.jcache.size").tag("cache", "svc-main").gauge().value()).isEqualTo(1.0);
    } finally {
      service.stop();
    }
  }

  @Test
  void embeddedNode_registersNoResources() throws Exception {
    JCacheNodeService service = new JCacheNodeService();
    service.start(context(config("jcache.default-cache", "svc-embedded"), true));
    service.stop();
    assertThat(registered).isEmpty();
  }

  @Test
  void badCapacitySetting_failsStartNamingIt() {
    JCacheNodeService service = new JCacheNodeService();
    assertThatThrownBy(() -> service.start(context(config("jcache.default-cache", "svc-bad", "jcache.capacity", "many"), false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("many");
    assertThat(registered).isEmpty();
  }
}
