package io.dsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceOrderTest {

  record Svc(String name, Set<String> dependsOn) implements NodeService {
    @Override
    public void start(ServiceContext context) {}
  }

  private static Svc svc(String name, String... deps) {
    return new Svc(name, Set.of(deps));
  }

  @Test
  void order_dependenciesFirst_tiesByName() {
    List<NodeService> ordered = ServiceOrder.order(List.of(
        svc("jms", "raft"), svc("locks", "raft"), svc("raft"), svc("cache"), svc("admin-extra", "jms", "cache")));
    assertThat(ordered).extracting(NodeService::name)
        .containsExactly("cache", "raft", "jms", "admin-extra", "locks");
  }

  @Test
  void missingDependency_namesServiceAndDependency() {
    assertThatThrownBy(() -> ServiceOrder.order(List.of(svc("locks", "raft"))))
        .isInstanceOf(ServiceStartupException.class)
        .hasMessageContaining("service 'locks' depends on 'raft'")
        .hasMessageContaining("not on the class path");
  }

  @Test
  void cycle_isSpelledOut() {
    assertThatThrownBy(() -> ServiceOrder.order(List.of(svc("a", "b"), svc("b", "c"), svc("c", "a"), svc("d"))))
        .isInstanceOf(ServiceStartupException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("a -> b -> c -> a");
  }

  @Test
  void selfDependency_isACycle() {
    assertThatThrownBy(() -> ServiceOrder.order(List.of(svc("a", "a"))))
        .hasMessageContaining("a -> a");
  }

  @Test
  void duplicateNames_rejected() {
    assertThatThrownBy(() -> ServiceOrder.order(List.of(svc("a"), svc("a"))))
        .isInstanceOf(ServiceStartupException.class).hasMessageContaining("two services are named 'a'");
  }

  @Test
  void blankName_rejected() {
    assertThatThrownBy(() -> ServiceOrder.order(List.of(svc(" "))))
        .isInstanceOf(ServiceStartupException.class).hasMessageContaining("has no name");
  }

  @Test
  void defaultContextMethods_failClearlyInFakes() {
    ServiceContext fake = (ServiceContext) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ServiceContext.class},
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
          }
          return null;
        });
    assertThatThrownBy(fake::membership).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(fake::ring).isInstanceOf(UnsupportedOperationException.class);
  }
}
