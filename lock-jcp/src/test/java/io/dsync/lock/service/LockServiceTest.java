package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsync.cluster.NodeId;
import io.dsync.lock.DistributedLock;
import io.dsync.lock.DsyncLocks;
import io.dsync.node.NodeConfig;
import io.dsync.spi.AdminRegistry;
import io.dsync.spi.ServiceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.dsync.lock.NoLeakedThreads.class)
class LockServiceTest {
  private final List<Object> registered = new ArrayList<>();
  private final Map<String, Supplier<?>> statuses = new LinkedHashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final io.dsync.wire.MessageRegistry messages = new io.dsync.wire.MessageRegistry();
  private final io.dsync.net.MessageRouter router = new io.dsync.net.MessageRouter();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<FakeRaftLog> logs = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    scheduler.shutdownNow();
    for (FakeRaftLog log : logs) {
      log.close();
    }
  }

  private FakeRaftLog fakeLog(LockStateMachine machine) {
    FakeRaftLog log = new FakeRaftLog(1, 0, machine);
    logs.add(log);
    return log;
  }

  private ServiceContext context(boolean embedded, String... settings) {
    NodeConfig.Builder b = NodeConfig.builder(NodeId.of("n1"));
    for (int i = 0; i < settings.length; i += 2) {
      b.setting(settings[i], settings[i + 1]);
    }
    NodeConfig config = b.build();
    AdminRegistry admin = new AdminRegistry() {
      @Override
      public void register(Object resource) {
        registered.add(resource);
      }

      @Override
      public void addStatus(String name, Supplier<?> supplier) {
        statuses.put(name, supplier);
      }

      @Override
      public void addHealthCheck(String name, BooleanSupplier healthy) {}
    };
    return (ServiceContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceContext.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "config" -> config;
          case "admin" -> admin;
          case "embedded" -> embedded;
          case "scheduler" -> scheduler;
          case "metrics" -> meters;
          case "service" -> java.util.Optional.empty();
          case "messages" -> messages;
          case "router" -> router;
          case "transport" -> null;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void start_bindsRaft_registersRestStatusAndMetrics_servesClients() throws Exception {
    LockService service = new LockService((ctx, machine) -> {
      assertThat(machine).isNotNull();
      return fakeLog(machine);
    });
    assertThat(service.name()).isEqualTo("locks");
    assertThat(service.dependsOn()).containsExactly("raft");
    service.start(context(false, "locks.tick-ms", "50"));
    try (DsyncLocks client = DsyncLocks.create(service.engine())) {
      assertThat(registered).hasAtLeastOneElementOfType(LockResource.class);
      DistributedLock lock = client.getLock("x");
      lock.lock();
      await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("active_locks").gauge().value() == 1.0);
      assertThat(statuses.get("locks").get().toString()).contains("active_locks=1");
      lock.unlock();
    } finally {
      service.stop();
    }
  }

  @Test
  void serviceLoader_findsTheLocksService() {
    assertThat(java.util.ServiceLoader.load(io.dsync.spi.NodeService.class).stream().map(p -> p.type().getName()))
        .contains(LockService.class.getName());
  }

  @Test
  void embedded_registersNoRestResources() throws Exception {
    LockService service = new LockService((ctx, machine) -> fakeLog(machine));
    service.start(context(true));
    service.stop();
    assertThat(registered).isEmpty();
  }

  @Test
  void badSettings_failTheStartClearly() {
    LockService service = new LockService((ctx, machine) -> fakeLog(machine));
    assertThatThrownBy(() -> service.start(context(false, "locks.tick-ms", "soon")))
        .hasMessageContaining("locks.tick-ms must be a whole number");
    assertThatThrownBy(() -> service.start(context(false, "locks.rest-lease-ms", "-5")))
        .hasMessageContaining("locks.rest-lease-ms must be positive");
    assertThatThrownBy(() -> new LockService().engine()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutTheRaftService_startRefusesWithAReason() {
    assertThatThrownBy(() -> new LockService().start(context(false))).hasMessageContaining("needs the raft service");
  }
}
