package io.dsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminBindPolicyTest {
  private static final Optional<String> TOKEN = Optional.of("0123456789abcdef-token");

  @Test
  void loopbackAddresses_recognized() {
    assertThat(AdminBindPolicy.isLoopback("127.0.0.1")).isTrue();
    assertThat(AdminBindPolicy.isLoopback("127.1.2.3")).isTrue();
    assertThat(AdminBindPolicy.isLoopback("localhost")).isTrue();
    assertThat(AdminBindPolicy.isLoopback("::1")).isTrue();
    assertThat(AdminBindPolicy.isLoopback("0.0.0.0")).isFalse();
    assertThat(AdminBindPolicy.isLoopback("192.168.1.10")).isFalse();
    assertThat(AdminBindPolicy.isLoopback("::")).isFalse();
    assertThat(AdminBindPolicy.isLoopback("node1.example")).isFalse();
  }

  @Test
  void beyondLoopbackWithoutToken_refused() {
    assertThat(AdminBindPolicy.problem("0.0.0.0", Optional.empty())).get().asString()
        .contains("beyond loopback").contains("DSYNC_ADMIN_TOKEN");
    assertThat(AdminBindPolicy.problem("10.0.0.5", Optional.empty())).isPresent();
  }

  @Test
  void beyondLoopbackWithToken_allowedAndGuarded() {
    assertThat(AdminBindPolicy.problem("0.0.0.0", TOKEN)).isEmpty();
    assertThat(AdminBindPolicy.guarded(TOKEN)).isTrue();
  }

  @Test
  void loopbackWithoutToken_allowedUnguarded() {
    assertThat(AdminBindPolicy.problem("127.0.0.1", Optional.empty())).isEmpty();
    assertThat(AdminBindPolicy.guarded(Optional.empty())).isFalse();
  }

  @Test
  void shortToken_refusedEverywhere() {
    assertThat(AdminBindPolicy.problem("127.0.0.1", Optional.of("short"))).get().asString()
        .contains("at least 16");
  }

  @Test
  void serverConstructor_refusesBeyondLoopbackWithoutToken() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AdminServer(
            new AdminSettings("0.0.0.0", 0, Optional.empty()), null,
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
            new AdminExtensions()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond loopback");
  }
}
