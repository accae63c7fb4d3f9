package io.dsync.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Connection URLs: what is accepted, and a clear refusal — naming the option — of what is not. */
class BrokerUrlTest {

  @Test
  void knownOptions_parsed() {
    BrokerUrl vm = BrokerUrl.parse("vm://b?fsync=NEVER&prefetch=10&clientId=c1&maxDeliveries=3&anonymous=false");
    assertThat(vm.prefetch()).isEqualTo(10);
    assertThat(vm.clientId()).isEqualTo("c1");
    assertThat(vm.brokerConfig()).isNotNull();
    BrokerUrl tcp = BrokerUrl.parse("dsync://127.0.0.1:7001,127.0.0.1:7002?sendWindow=0&prefetch=1");
    assertThat(tcp.sendWindow()).isZero();
    assertThat(tcp.target()).isEqualTo("127.0.0.1:7001,127.0.0.1:7002");
  }

  @Test
  void memoryBudget_takesMoreThanAnInt() {
    assertThatCode(() -> BrokerUrl.parse("vm://b?maxStoredBytes=8000000000")).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "dsync://h:1?sendwindow=0|unknown option 'sendwindow'",
      "dsync://h:1?dataDir=/tmp/x|unknown option 'dataDir' for a dsync:// URL",
      "vm://b?sendWindow=5|unknown option 'sendWindow' for a vm:// URL",
      "dsync://h:1?sendWindow=lots|option sendWindow must be a whole number, got 'lots'",
      "dsync://h:1?sendWindow=-1|option sendWindow must be at least 0",
      "vm://b?prefetch=99999999999|option prefetch must be at least 0 and at most 2147483647",
      "vm://b?maxDeliveries=0|option maxDeliveries must be at least 1",
      "vm://b?maxStoredBytes=0|option maxStoredBytes must be at least 1",
      "vm://b?maxStoredBytes=1g|option maxStoredBytes must be a whole number, got '1g'",
      "vm://b?fsync=sometimes|option fsync must be always or never, got 'sometimes'",
      "vm://b?anonymous=yes|option anonymous must be true or false",
      "vm://b?prefetch|bad option 'prefetch'",
      "http://h:1|unknown URL scheme 'http'",
  })
  void badUrls_refusedNamingTheProblem(String url, String message) {
    assertThatThrownBy(() -> BrokerUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message).hasMessageContaining(url);
  }

  @Test
  void factory_refusesABadUrl_andKeepsItsPreviousOne() {
    DsyncConnectionFactory f = new DsyncConnectionFactory("vm://kept?prefetch=5");
    assertThatThrownBy(() -> f.setBrokerURL("vm://kept?prefetch=five")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefetch");
    assertThat(f.getBrokerURL()).isEqualTo("vm://kept?prefetch=5");
  }
}
